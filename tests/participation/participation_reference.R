# Reference values for the participation-analysis tests (contrasts, indicators, ladder, determinants),
# computed with R's survey package (Lumley), version 4.1.1. Run from the project root:
#   Rscript tests/participation/participation_reference.R
# and copy the printed values into the tests; every test quotes the R call next to its values.
suppressMessages(library(survey))
options(digits = 15)
rd <- function(path) read.csv(path, colClasses = c(cds = "character"))
apiclus1 <- rd("tests/data/apiclus1.csv"); apiclus2 <- rd("tests/data/apiclus2.csv")
apistrat <- rd("../shared/data/survey/apistrat.csv")
prep <- function(d) {
  d$stype <- factor(d$stype); d$sch.wide <- factor(d$sch.wide)
  # "channels" for the indicator tests: four Yes/No items as 0/1
  d$x1 <- as.numeric(d$sch.wide == "Yes"); d$x2 <- as.numeric(d$comp.imp == "Yes")
  d$x3 <- as.numeric(d$awards == "Yes"); d$x4 <- as.numeric(d$yr.rnd == "Yes")
  d$nchan <- d$x1 + d$x2 + d$x3 + d$x4; d$any <- as.numeric(d$nchan > 0); d$multi <- as.numeric(d$nchan >= 2)
  # ladder with x1 -> informing (3), x2 -> consultation (4), x3 -> placation (5), x4 -> partnership (6)
  d$top <- pmax(3 * d$x1, 4 * d$x2, 5 * d$x3, 6 * d$x4); d$cp <- as.numeric(d$top >= 6)
  d$sw <- as.numeric(d$sch.wide == "Yes")
  d
}
apiclus1 <- prep(apiclus1); apiclus2 <- prep(apiclus2); apistrat <- prep(apistrat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
show <- function(call) { cat("#", call, "\n"); print(eval(parse(text = call))); cat("\n") }
num <- function(x) cat(paste(sprintf("%.15g", as.numeric(x)), collapse = ", "), "\n")
say <- function(call) { cat("#", call, "\n"); num(eval(parse(text = call))) }

cat("## contrasts\n")
b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
say("coef(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE))")
say("SE(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE))")
say("vcov(svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE))")
say("c(coef(svycontrast(b, c(E = 1, H = 0, M = -1))), SE(svycontrast(b, c(E = 1, H = 0, M = -1))))")
say("c(coef(svycontrast(b, list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1)))), SE(svycontrast(b, list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1)))))")
say("confint(svycontrast(b, c(E = 1, H = 0, M = -1)))")
tt <- svyttest(api00 ~ sch.wide, dclus1)
say("with(svyttest(api00 ~ sch.wide, dclus1), c(estimate, statistic, parameter, p.value, conf.int))")
say("with(svyttest(x1 ~ stype == 'E', dstrat), c(estimate, statistic, parameter, p.value, conf.int))")
say("with(regTermTest(svyglm(api00 ~ stype, dclus1), ~stype), c(Ftest, df, ddf, p))")
say("with(regTermTest(svyglm(enroll ~ stype, dclus2), ~stype), c(Ftest, df, ddf, p))")
say("with(regTermTest(svyglm(x3 ~ stype, dstrat), ~stype), c(Ftest, df, ddf, p))")

cat("## indicators\n")
say("c(coef(svyciprop(~any, dclus1, method = 'logit')), SE(svyciprop(~any, dclus1)), attr(svyciprop(~any, dclus1), 'ci'))")
say("c(coef(svyratio(~nchan, ~any, dclus1)), SE(svyratio(~nchan, ~any, dclus1)))")
say("c(coef(svyratio(~multi, ~any, dclus1)), SE(svyratio(~multi, ~any, dclus1)))")
say("c(coef(svyratio(~cp, ~any, dclus1)), SE(svyratio(~cp, ~any, dclus1)))")
say("c(coef(svymean(~cp, dclus1)), SE(svymean(~cp, dclus1)))")
S <- quote(x1 + x2 + x3 + x4)
H <- bquote(-(x1 / .(S)) * log(x1 / .(S)) - (x2 / .(S)) * log(x2 / .(S)) - (x3 / .(S)) * log(x3 / .(S)) -
              (x4 / .(S)) * log(x4 / .(S)))
say("c(coef(svycontrast(svytotal(~x1 + x2 + x3 + x4, dclus1), H)), SE(svycontrast(svytotal(~x1 + x2 + x3 + x4, dclus1), H)))")
say("c(coef(svycontrast(svytotal(~x1 + x2 + x3 + x4, dstrat), H)), SE(svycontrast(svytotal(~x1 + x2 + x3 + x4, dstrat), H)))")
say("c(coef(svycontrast(svytotal(~x1 + x2 + x3 + x4, subset(dclus1, stype == 'E')), H)), SE(svycontrast(svytotal(~x1 + x2 + x3 + x4, subset(dclus1, stype == 'E')), H)))")
say("unlist(svyby(~nchan, ~stype, dclus1, svyratio, denominator = ~any)[, -1])")

cat("## ladder\n")
say("c(coef(svymean(~factor(top), dclus1)), SE(svymean(~factor(top), dclus1)))")
say("table(apiclus1$top)")

cat("## determinants\n")
m <- svyglm(sw ~ stype + meals, design = dclus1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
say("exp(coef(m))")
say("SE(m)")
say("exp(confint(m))")
say("m$df.residual")
say("with(regTermTest(m, ~stype), c(Ftest, df, ddf, p))")
say("with(regTermTest(m, ~meals), c(Ftest, df, ddf, p))")

cat("## replicate designs\n")
rclus1 <- as.svrepdesign(dclus1, type = "JK1")
say("c(coef(svycontrast(svyby(~api00, ~stype, rclus1, svymean, covmat = TRUE), list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1)))), SE(svycontrast(svyby(~api00, ~stype, rclus1, svymean, covmat = TRUE), list(HvE = c(-1, 1, 0), MvE = c(-1, 0, 1)))))")

cat("## gains if every group took part at the target group's rate\n")
apiclus1$isE <- as.numeric(apiclus1$stype == "E"); apiclus1$x1E <- apiclus1$x1 * apiclus1$isE; apiclus1$one <- 1
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
say("c(coef(svycontrast(svytotal(~x1E + isE + x1 + one, dclus1), quote(x1E / isE - x1 / one))), SE(svycontrast(svytotal(~x1E + isE + x1 + one, dclus1), quote(x1E / isE - x1 / one))))")
