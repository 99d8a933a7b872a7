# Reference outputs of R decompr 7.0 and gvcAnalyzer for gvc's cross-checks (a LOCAL measurement
# tool: R is not a gvc dependency). Calls only: the packages' code is not in this repository.
# See README.md beside this file for how to rebuild the packages and rerun.
#
# Usage: Rscript run_reference.R <wiot_2011.RData> <decompr lib dir> <gvcAnalyzer R dir> <out dir>
#                                [all|decompr|gvcanalyzer]
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) %in% 4:5)
wiot_path <- args[[1]]; decompr_lib <- args[[2]]; gva_dir <- args[[3]]; out <- args[[4]]
which_pkg <- if (length(args) == 5L) args[[5]] else "all"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

library(decompr, lib.loc = decompr_lib)
library(Matrix)  # gvcAnalyzer imports Matrix: its solve() methods must dispatch
for (f in c("bm_io.R", "utils.R", "bm_2025_trade.R", "bm_2025_output.R"))
  source(file.path(gva_dir, f))

put <- function(df, name) {
  df <- as.data.frame(df)
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE)
  message(name, ": ", nrow(df), " rows")
}
tm <- function(label, expr) { t0 <- Sys.time(); v <- expr
  message(label, " ", round(as.numeric(Sys.time() - t0, units = "secs"), 1), " s"); v }

run_decompr <- function(x, y, k, i, o, tag) {
  if (which_pkg == "gvcanalyzer") return(invisible())
  d <- load_tables_vectors(x = x, y = y, k = k, i = i, o = o)
  put(tm("kww", kww(d)), paste0(tag, "_decompr_kww_country"))
  put(tm("wwz", wwz(d)), paste0(tag, "_decompr_wwz_bilateral_sector"))
  for (agg in c("country", "sector", "bilateral"))
    put(tm(paste("bm", agg), bm(d, aggregation = agg)), paste0(tag, "_decompr_bm_", agg, "_source"))
  for (agg in c("sector", "bilateral"))
    put(tm(paste("bm sink", agg), bm(d, aggregation = agg, approach = "sink")),
        paste0(tag, "_decompr_bm_", agg, "_sink"))
  for (ap in c("source", "sink"))
    put(tm(paste("bm world", ap), bm(d, perspective = "world", approach = ap)),
        paste0(tag, "_decompr_bm_world_", ap))
  put(tm("bm imports", bm(d, flow = "imports")), paste0(tag, "_decompr_bm_imports_country"))
}

run_gvcanalyzer <- function(x, Y, k, i, o, tag) {
  if (which_pkg == "decompr") return(invisible())
  io <- bm_build_io(Z = x, Y = Y, VA = o - colSums(x), X = o, countries = k, sectors = i)
  put(tm("bmt trade", bm_2025_tripartite_trade_all(io)), paste0(tag, "_gvcanalyzer_bmt_trade_bilateral"))
  put(tm("bmt output", bm_2025_output_components(io)), paste0(tag, "_gvcanalyzer_bmt_output_country"))
}

## decompr's `leather` example (data/leather.rda of decompr; values as printed in gvc issue 3),
## output = row sums (decompr's own default when `o` is not given)
lx <- matrix(c(16.1,5.1,1.8,3.2,4.3,0.4,3.1,2.8,4.9, 2.4,8.0,3.2,0.1,3.2,1.6,1.2,3.9,11.5,
  0.9,0.5,4.0,0.0,0.1,0.3,0.0,0.4,0.5, 1.1,1.9,0.2,18.0,13.2,6.1,9.0,3.1,8.9,
  0.3,2.8,0.1,6.1,28.1,6.3,2.1,2.5,25.6, 0.0,0.1,0.3,4.1,3.2,8.9,0.2,0.0,1.8,
  1.2,4.2,0.3,4.1,1.2,0.6,29.0,19.5,17.9, 1.3,1.1,0.0,3.2,4.8,2.6,5.1,29.1,24.1,
  2.1,1.4,3.0,4.1,3.1,3.9,11.3,8.1,51.3), 9, 9, byrow = TRUE)
ly <- matrix(c(21.5,6.1,8.4, 16.2,1.9,5.1, 11.0,0.5,0.8, 7.5,29.5,14.2, 8.9,24.9,16.9,
  1.2,18.5,4.9, 9.2,17.9,51.2, 7.9,10.1,38.5, 25.1,35.2,68.4), 9, 3, byrow = TRUE)
lk <- c("ARG", "TUR", "DEU"); li <- c("Agriculture", "Textile & Leather", "Transport Equipment")
run_decompr(lx, ly, lk, li, rowSums(lx) + rowSums(ly), "leather")
run_gvcanalyzer(lx, ly, lk, li, rowSums(lx) + rowSums(ly), "leather")

## WIOD 2013 release, 2011: the published output vector as `o` (decompr's convention: no
## rebalancing; A = Z / o, value added = o - colSums(Z)); final demand summed over the 5 uses.
e <- new.env(); load(wiot_path, envir = e); w <- get(ls(e)[1], envir = e)
# decompr's C code needs doubles; the RData stores whole numbers as integers
x <- as.matrix(w$inter) * 1.0; y <- as.matrix(w$final) * 1.0; o <- as.numeric(w$output)
k <- as.character(w$countries); i <- as.character(w$industries)
run_decompr(unname(x), unname(y), k, i, o, "wiod2011")
G <- length(k); Y <- sapply(seq_len(G), function(j) rowSums(y[, (j - 1) * 5 + 1:5]))
run_gvcanalyzer(unname(x), Y, k, i, o, "wiod2011")
writeLines(c(R.version.string, paste("decompr", packageVersion("decompr", lib.loc = decompr_lib)),
             paste("Matrix", packageVersion("Matrix")),
             paste("matrixStats", packageVersion("matrixStats"))),
           file.path(out, "versions.txt"))
