# Reference values for tests/participation, computed with R's survey package (Lumley), version 4.1.1.
# Run from the project root:  Rscript tests/participation/survey_reference.R > tests/participation/r_reference.py
# (it also writes tests/data/apiclus1_bootstrap_multiplicities.csv). apiclus1/apiclus2 were exported with
#   library(survey); data(api); write.csv(apiclus1, "tests/data/apiclus1.csv", row.names = FALSE)  # same for apiclus2
suppressMessages(library(survey))
shared <- "../shared/data/survey"; fixtures <- "tests/data"
rd <- function(path) read.csv(path, colClasses = c(cds = "character"))
apisrs <- rd(file.path(shared, "apisrs.csv")); apistrat <- rd(file.path(shared, "apistrat.csv"))
apiclus1 <- rd(file.path(fixtures, "apiclus1.csv")); apiclus2 <- rd(file.path(fixtures, "apiclus2.csv"))
for (nm in c("apisrs", "apistrat", "apiclus1", "apiclus2")) {
  d <- get(nm); d$sch.wide <- factor(d$sch.wide); d$stype <- factor(d$stype); assign(nm, d)
}
num <- function(x) paste(sprintf("%.17g", as.numeric(x)), collapse = ", ")
emit <- function(key, call, values) {
  cat(sprintf("    # %s\n    \"%s\": [%s],\n", call, key, gsub("NA", "nan", num(values))))
}
run <- function(key, call, extract) emit(key, call, extract(eval(parse(text = call))))
dff <- function(s) if (is.null(attr(s, "deff"))) NA else deff(s)
svystat <- function(dname) function(s) c(coef(s), SE(s), dff(s), confint(s), confint(s, df = degf(get(dname))))
byrows <- function(key, call) {
  b <- eval(parse(text = call))
  for (i in seq_len(nrow(b))) emit(paste0(key, ".", rownames(b)[i]), call, unlist(b[i, -1]))
}
glmfit <- function(key, call) {
  g <- eval(parse(text = call))
  emit(paste0(key, ".coef"), call, coef(g)); emit(paste0(key, ".se"), call, SE(g))
  emit(paste0(key, ".df"), call, g$df.residual); emit(paste0(key, ".ci"), paste0("confint(", call, ")"), confint(g))
}
tight <- "control = glm.control(epsilon = 1e-15, maxit = 100)"

cat('"""R survey 4.1.1 reference values, written by survey_reference.R (do not edit by hand).\n\n')
cat("Each entry is preceded by the R call that produced it. Statistic rows are\n")
cat("[coef, SE, deff, confint() (normal), confint(df = degf(design))] unless the comment says otherwise;\n")
cat("svyby rows are the svyby() table's columns; svyciprop rows are [coef, SE, ci]; NA is nan.\n")
cat('"""\n\nnan = float("nan")\n\nR = {\n')
designs <- c(
  dsrs = "svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs)",
  dstrat = "svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
  dclus1 = "svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)",
  dclus2 = "svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)",
  dclus2_1 = "svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2)",
  dclus1_wr = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1)",
  dstratclus = "svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE, data = apistrat)"
)
for (k in names(designs)) {
  cat(sprintf("    # ---- %s <- %s\n", k, designs[[k]]))
  assign(k, eval(parse(text = designs[[k]])))
  run(paste0(k, ".degf"), sprintf("degf(%s)", k), identity)
  run(paste0(k, ".weights_sum"), sprintf("sum(weights(%s))", k), identity)
  run(paste0(k, ".mean.api00"), sprintf("svymean(~api00, %s, deff = TRUE)", k), svystat(k))
  run(paste0(k, ".mean.api00_api99"), sprintf("svymean(~api00 + api99, %s, deff = TRUE)", k), function(s) c(coef(s), SE(s), deff(s)))
  run(paste0(k, ".total.enroll"), sprintf("svytotal(~enroll, %s, deff = TRUE, na.rm = TRUE)", k), svystat(k))
  run(paste0(k, ".mean.enroll"), sprintf("svymean(~enroll, %s, deff = TRUE, na.rm = TRUE)", k), svystat(k))
  run(paste0(k, ".total.api00"), sprintf("svytotal(~api00, %s, deff = TRUE)", k), svystat(k))
  run(paste0(k, ".ratio.api00_api99"), sprintf("svyratio(~api00, ~api99, %s, deff = TRUE)", k), svystat(k))
  run(paste0(k, ".mean.stype"), sprintf("svymean(~stype, %s, deff = TRUE)", k), function(s) c(coef(s), SE(s), dff(s)))
  for (m in c("logit", "beta", "mean", "xlogit", "asin"))
    run(paste0(k, ".ciprop.sch_wide.", m), sprintf('svyciprop(~I(sch.wide == "Yes"), %s, method = "%s")', k, m),
        function(p) c(coef(p), SE(p), attr(p, "ci")))
  byrows(paste0(k, ".by_stype.mean.api00"), sprintf("svyby(~api00, ~stype, %s, svymean, deff = TRUE)", k))
  byrows(paste0(k, ".by_stype.total.enroll"), sprintf("svyby(~enroll, ~stype, %s, svytotal, deff = TRUE, na.rm = TRUE)", k))
  byrows(paste0(k, ".by_stype.ratio"), sprintf("svyby(~api00, ~stype, %s, svyratio, denominator = ~api99)", k))
  for (m in c("beta", "logit"))
    byrows(paste0(k, ".by_stype.ciprop_", m), sprintf('svyby(~I(sch.wide == "Yes"), ~stype, %s, svyciprop, vartype = "ci", method = "%s")', k, m))
  for (s in levels(apisrs$stype)) run(paste0(k, ".degf.stype.", s), sprintf('degf(subset(%s, stype == "%s"))', k, s), identity)
  glmfit(paste0(k, ".glm"), sprintf("svyglm(sch.wide ~ ell + meals + mobility, design = %s, family = quasibinomial())", k))
  glmfit(paste0(k, ".glm_tight"), sprintf("svyglm(sch.wide ~ ell + meals + mobility, design = %s, family = quasibinomial(), %s)", k, tight))
}

cat("    # ---- a model with missing covariates (apiclus2$enroll has 6 NA): rows leave the fit, not the design\n")
glmfit("dclus2.glm_na", sprintf("svyglm(sch.wide ~ ell + enroll, design = dclus2, family = quasibinomial(), %s)", tight))

cat("    # ---- lonely PSUs: apiclus1 with its districts split into strata a (dnum < 400, 5 PSUs), b (9 PSUs), c (dnum 413 alone)\n")
cat('    # lon <- apiclus1; lon$st <- ifelse(lon$dnum == 413, "c", ifelse(lon$dnum < 400, "a", "b"))\n')
cat('    # lon$N <- c(a = 250, b = 500, c = 7)[lon$st]; lon$Ncert <- c(a = 250, b = 500, c = 1)[lon$st]\n')
lon <- apiclus1
lon$st <- ifelse(lon$dnum == 413, "c", ifelse(lon$dnum < 400, "a", "b"))
lon$N <- unname(c(a = 250, b = 500, c = 7)[lon$st]); lon$Ncert <- unname(c(a = 250, b = 500, c = 1)[lon$st])
for (opt in c("remove", "certainty", "adjust", "average")) {
  for (fp in c("none", "N")) {
    k <- paste0("lonely_", opt, "_", fp)
    call <- if (fp == "none") "svydesign(id = ~dnum, strata = ~st, weights = ~pw, data = lon)" else
      "svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~N, data = lon)"
    cat(sprintf('    # ---- options(survey.lonely.psu = "%s"); %s <- %s\n', opt, k, call))
    options(survey.lonely.psu = opt); assign(k, eval(parse(text = call)))
    run(paste0(k, ".degf"), sprintf("degf(%s)", k), identity)
    run(paste0(k, ".mean.api00"), sprintf("svymean(~api00, %s, deff = TRUE)", k), svystat(k))
    run(paste0(k, ".total.enroll"), sprintf("svytotal(~enroll, %s, deff = TRUE)", k), svystat(k))
    run(paste0(k, ".ratio.api00_api99"), sprintf("svyratio(~api00, ~api99, %s)", k), svystat(k))
    byrows(paste0(k, ".by_stype.mean.api00"), sprintf("svyby(~api00, ~stype, %s, svymean)", k))
    byrows(paste0(k, ".by_stype.total.enroll"), sprintf("svyby(~enroll, ~stype, %s, svytotal)", k))
  }
}
options(survey.lonely.psu = "fail")
cat('    # ---- options(survey.lonely.psu = "fail"): the lonely stratum c is fully sampled (fpc 1), so it is not lonely\n')
lonely_fail_certainN <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~Ncert, data = lon)
cat("    # lonely_fail_certainN <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~Ncert, data = lon)\n")
run("lonely_fail_certainN.mean.api00", "svymean(~api00, lonely_fail_certainN, deff = TRUE)", svystat("lonely_fail_certainN"))

reps <- c(
  rclus1 = 'as.svrepdesign(dclus1, type = "JK1")',
  rstrat = 'as.svrepdesign(dstrat, type = "JKn")',
  rclus1_mse = 'as.svrepdesign(dclus1, type = "JK1", mse = TRUE)',
  bclus1 = 'as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)'
)
set.seed(20240607)
for (k in names(reps)) {
  cat(sprintf("    # ---- %s <- %s\n", k, reps[[k]]))
  if (k == "bclus1") cat("    # (after set.seed(20240607); its PSU multiplicities are in tests/data/apiclus1_bootstrap_multiplicities.csv)\n")
  assign(k, eval(parse(text = reps[[k]])))
  run(paste0(k, ".degf"), sprintf("degf(%s)", k), identity)
  run(paste0(k, ".scale"), sprintf("%s$scale", k), identity)
  run(paste0(k, ".rscales"), sprintf("%s$rscales", k), identity)
  run(paste0(k, ".mean.api00"), sprintf("svymean(~api00, %s, deff = TRUE)", k), svystat(k))
  run(paste0(k, ".total.enroll"), sprintf("svytotal(~enroll, %s, deff = TRUE, na.rm = TRUE)", k), svystat(k))
  run(paste0(k, ".mean.stype"), sprintf("svymean(~stype, %s)", k), function(s) c(coef(s), SE(s)))
  run(paste0(k, ".ratio.api00_api99"), sprintf("svyratio(~api00, ~api99, %s)", k), svystat(k))
  for (m in c("logit", "beta", "mean", "xlogit", "asin"))
    run(paste0(k, ".ciprop.sch_wide.", m), sprintf('svyciprop(~I(sch.wide == "Yes"), %s, method = "%s")', k, m),
        function(p) c(coef(p), SE(p), attr(p, "ci")))
  byrows(paste0(k, ".by_stype.mean.api00"), sprintf("svyby(~api00, ~stype, %s, svymean, deff = TRUE)", k))
  byrows(paste0(k, ".by_stype.ciprop_beta"), sprintf('svyby(~I(sch.wide == "Yes"), ~stype, %s, svyciprop, vartype = "ci", method = "beta")', k))
  for (s in levels(apisrs$stype)) run(paste0(k, ".degf.stype.", s), sprintf('degf(subset(%s, stype == "%s"))', k, s), identity)
  glmfit(paste0(k, ".glm"), sprintf("svyglm(sch.wide ~ ell + meals + mobility, design = %s, family = quasibinomial())", k))
}
mult <- bclus1$repweights$weights  # one row per distinct district, in order of first appearance
write.csv(data.frame(dnum = apiclus1$dnum[!duplicated(apiclus1$dnum)], mult),
          file.path(fixtures, "apiclus1_bootstrap_multiplicities.csv"), row.names = FALSE)
cat("}\n")
