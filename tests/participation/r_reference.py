"""R survey 4.1.1 reference values, written by survey_reference.R (do not edit by hand).

Each entry is preceded by the R call that produced it. Statistic rows are
[coef, SE, deff, confint() (normal), confint(df = degf(design))] unless the comment says otherwise;
svyby rows are the svyby() table's columns; svyciprop rows are [coef, SE, ci]; NA is nan.
"""

nan = float("nan")

R = {
    # ---- dsrs <- svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs)
    # degf(dsrs)
    "dsrs.degf": [199],
    # sum(weights(dsrs))
    "dsrs.weights_sum": [6194],
    # svymean(~api00, dsrs, deff = TRUE)
    "dsrs.mean.api00": [
        656.58500000000004,
        9.2497220392828119,
        1.0000000000000004,
        638.4558779359993,
        674.71412206400078,
        638.34495009212662,
        674.82504990787345,
    ],
    # svymean(~api00 + api99, dsrs, deff = TRUE)
    "dsrs.mean.api00_api99": [
        656.58500000000004,
        624.68499999999995,
        9.2497220392828119,
        9.5003040994515473,
        1.0000000000000004,
        0.99999999999999989,
    ],
    # svytotal(~enroll, dsrs, deff = TRUE, na.rm = TRUE)
    "dsrs.total.enroll": [
        3621074.3399999999,
        169519.65434405906,
        0.99999999999999978,
        3288821.922813965,
        3953326.7571860347,
        3286788.9482369376,
        3955359.7317630621,
    ],
    # svymean(~enroll, dsrs, deff = TRUE, na.rm = TRUE)
    "dsrs.mean.enroll": [
        584.61000000000001,
        27.368365247668557,
        0.99999999999999989,
        530.96898979883201,
        638.25101020116801,
        530.64077304438774,
        638.57922695561228,
    ],
    # svytotal(~api00, dsrs, deff = TRUE)
    "dsrs.total.api00": [
        4066887.4899999998,
        57292.778311317728,
        1.0000000000000002,
        3954595.7079355796,
        4179179.2720644199,
        3953908.6208706321,
        4179866.3591293674,
    ],
    # svyratio(~api00, ~api99, dsrs, deff = TRUE)
    "dsrs.ratio.api00_api99": [
        1.0510657371315142,
        0.0036039905811512661,
        1.0000000000000009,
        1.0440020453918362,
        1.0581294288711922,
        1.0439588243195912,
        1.0581726499434372,
    ],
    # svymean(~stype, dsrs, deff = TRUE)
    "dsrs.mean.stype": [
        0.70999999999999996,
        0.125,
        0.16500000000000001,
        0.031642763397473371,
        0.023062440529700346,
        0.025884002937580058,
        0.999999999999998,
        0.99999999999999978,
        1.0000000000000009,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dsrs, method = "logit")
    "dsrs.ciprop.sch_wide.logit": [0.81499999999999861, 0.027077645562026881, 0.75559689457760626, 0.8625906104402522],
    # svyciprop(~I(sch.wide == "Yes"), dsrs, method = "beta")
    "dsrs.ciprop.sch_wide.beta": [0.81500000000000006, 0.027077645562026881, 0.75507174562351875, 0.86560434140682962],
    # svyciprop(~I(sch.wide == "Yes"), dsrs, method = "mean")
    "dsrs.ciprop.sch_wide.mean": [0.81500000000000006, 0.027077645562026881, 0.76160405963103173, 0.86839594036896839],
    # svyciprop(~I(sch.wide == "Yes"), dsrs, method = "xlogit")
    "dsrs.ciprop.sch_wide.xlogit": [0.81500000000000006, 0.027077645562026881, 0.7555968945776077, 0.86259061044025354],
    # svyciprop(~I(sch.wide == "Yes"), dsrs, method = "asin")
    "dsrs.ciprop.sch_wide.asin": [0.81500000000000006, 0.027077645562026881, 0.75879858047511961, 0.86525421028183591],
    # svyby(~api00, ~stype, dsrs, svymean, deff = TRUE)
    "dsrs.by_stype.mean.api00.E": [666.14084507042253, 11.193523397164364, 0.99794748389836563],
    # svyby(~api00, ~stype, dsrs, svymean, deff = TRUE)
    "dsrs.by_stype.mean.api00.H": [605.36000000000001, 21.926644697335732, 0.9648241206030147],
    # svyby(~api00, ~stype, dsrs, svymean, deff = TRUE)
    "dsrs.by_stype.mean.api00.M": [654.27272727272725, 21.826115991315479, 0.9745698187909243],
    # svyby(~enroll, ~stype, dsrs, svytotal, deff = TRUE, na.rm = TRUE)
    "dsrs.by_stype.total.enroll.E": [1849900.04, 99738.615280727521, 3.1509334001775535],
    # svyby(~enroll, ~stype, dsrs, svytotal, deff = TRUE, na.rm = TRUE)
    "dsrs.by_stype.total.enroll.H": [890666.22999999998, 187717.66571070181, 4.1288269813969354],
    # svyby(~enroll, ~stype, dsrs, svytotal, deff = TRUE, na.rm = TRUE)
    "dsrs.by_stype.total.enroll.M": [880508.06999999995, 151805.22689884118, 5.6634599744202596],
    # svyby(~api00, ~stype, dsrs, svyratio, denominator = ~api99)
    "dsrs.by_stype.ratio.E": [1.0618054464225579, 0.0046608471005103735],
    # svyby(~api00, ~stype, dsrs, svyratio, denominator = ~api99)
    "dsrs.by_stype.ratio.H": [1.0214632829373649, 0.005781222736987948],
    # svyby(~api00, ~stype, dsrs, svyratio, denominator = ~api99)
    "dsrs.by_stype.ratio.M": [1.0264321369146661, 0.0037961747604791643],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "beta")
    "dsrs.by_stype.ciprop_beta.E": [0.89436619718309862, 0.83279490945700319, 0.9391158001618285],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "beta")
    "dsrs.by_stype.ciprop_beta.H": [0.47999999999999998, 0.28067277998292978, 0.68410475114585867],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "beta")
    "dsrs.by_stype.ciprop_beta.M": [0.72727272727272729, 0.54760689615860925, 0.86533600146478429],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "logit")
    "dsrs.by_stype.ciprop_logit.E": [0.89436619669673789, 0.83255514466362979, 0.93513776952159688],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "logit")
    "dsrs.by_stype.ciprop_logit.H": [0.48000000000023035, 0.29010905502883261, 0.67585093191628154],
    # svyby(~I(sch.wide == "Yes"), ~stype, dsrs, svyciprop, vartype = "ci", method = "logit")
    "dsrs.by_stype.ciprop_logit.M": [0.7272727272722157, 0.54875737084516407, 0.85396043491984641],
    # degf(subset(dsrs, stype == "E"))
    "dsrs.degf.stype.E": [141],
    # degf(subset(dsrs, stype == "H"))
    "dsrs.degf.stype.H": [24],
    # degf(subset(dsrs, stype == "M"))
    "dsrs.degf.stype.M": [32],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial())
    "dsrs.glm.coef": [1.743800603689788, -0.02159084978658117, 0.010966281456586383, -0.01480482562456828],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial())
    "dsrs.glm.se": [0.45605985346208455, 0.01130557788769276, 0.0091638906947244265, 0.021606366964615781],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial())
    "dsrs.glm.df": [196],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial()))
    "dsrs.glm.ci": [
        0.84438616713206138,
        -0.043887045973610921,
        -0.007106205133284851,
        -0.057415632565843998,
        2.6432150402475139,
        0.00070534640044856919,
        0.029038768046457608,
        0.027805981316707418,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dsrs.glm_tight.coef": [1.7438006036892852, -0.021590849786579182, 0.010966281456589766, -0.014804825624534751],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dsrs.glm_tight.se": [0.45605985267311466, 0.011305577000396902, 0.0091638901256208046, 0.021606368802512588],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dsrs.glm_tight.df": [196],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dsrs, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dsrs.glm_tight.ci": [
        0.8443861686875187,
        -0.043887044223736196,
        -0.0071062040109287575,
        -0.057415636190402526,
        2.6432150386910513,
        0.00070534465057781742,
        0.029038766924108277,
        0.027805984941332997,
    ],
    # ---- dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
    # degf(dstrat)
    "dstrat.degf": [197],
    # sum(weights(dstrat))
    "dstrat.weights_sum": [6193.9999580383346],
    # svymean(~api00, dstrat, deff = TRUE)
    "dstrat.mean.api00": [
        662.28736315932076,
        9.4089408027845831,
        1.2044572685377175,
        643.84617805319363,
        680.7285482654479,
        643.7321882720862,
        680.84253804655532,
    ],
    # svymean(~api00 + api99, dstrat, deff = TRUE)
    "dstrat.mean.api00_api99": [
        662.28736315932076,
        629.39484478396116,
        9.4089408027845831,
        9.9639472986668878,
        1.2044572685377175,
        1.2421773607393622,
    ],
    # svytotal(~enroll, dstrat, deff = TRUE, na.rm = TRUE)
    "dstrat.total.enroll": [
        3687177.5324382801,
        114641.71610078031,
        0.36201812236340364,
        3462483.8977548853,
        3911871.1671216749,
        3461095.0077195438,
        3913260.0571570164,
    ],
    # svymean(~enroll, dstrat, deff = TRUE, na.rm = TRUE)
    "dstrat.mean.enroll": [
        595.28213713550372,
        18.508510958577375,
        0.36201812236340375,
        559.00612224922713,
        631.5581520217803,
        558.78189072763371,
        631.78238354337373,
    ],
    # svytotal(~api00, dstrat, deff = TRUE)
    "dstrat.total.api00": [
        4102207.8996181521,
        58278.978937632877,
        1.2044572685377173,
        3987983.1998446235,
        4216432.5993916811,
        3987277.1471452275,
        4217138.6520910766,
    ],
    # svyratio(~api00, ~api99, dstrat, deff = TRUE)
    "dstrat.ratio.api00_api99": [
        1.0522605462182486,
        0.0036439222308434693,
        1.1479200051663621,
        1.0451185898833306,
        1.0594025025531666,
        1.0450744435860828,
        1.0594466488504144,
    ],
    # svymean(~stype, dstrat, deff = TRUE)
    "dstrat.mean.stype": [0.71375523706774757, 0.12189215760224135, 0.16435260533001114, 0, 0, 0, 0, 0, 0],
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "logit")
    "dstrat.ciprop.sch_wide.logit": [
        0.82794801100195725,
        0.024344780113074782,
        0.7745396543515678,
        0.87081485454450847,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "beta")
    "dstrat.ciprop.sch_wide.beta": [
        0.82794801141582364,
        0.024344780113074782,
        0.77417132859731275,
        0.87343159262073544,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "mean")
    "dstrat.ciprop.sch_wide.mean": [
        0.82794801141582364,
        0.024344780113074782,
        0.77993818097288103,
        0.87595784185876624,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "xlogit")
    "dstrat.ciprop.sch_wide.xlogit": [
        0.82794801141582364,
        0.024344780113074782,
        0.77453965474676834,
        0.87081485494359889,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "asin")
    "dstrat.ciprop.sch_wide.asin": [
        0.82794801141582364,
        0.024344780113074782,
        0.77741790823431978,
        0.87317883414990283,
    ],
    # svyby(~api00, ~stype, dstrat, svymean, deff = TRUE)
    "dstrat.by_stype.mean.api00.E": [674.42999999999995, 12.382479793907287, 1.0000000004792551],
    # svyby(~api00, ~stype, dstrat, svymean, deff = TRUE)
    "dstrat.by_stype.mean.api00.H": [625.82000000000005, 14.937129185393079, 0.99999999820830532],
    # svyby(~api00, ~stype, dstrat, svymean, deff = TRUE)
    "dstrat.by_stype.mean.api00.M": [636.60000000000002, 16.214707308184526, 0.99999999845155085],
    # svyby(~enroll, ~stype, dstrat, svytotal, deff = TRUE, na.rm = TRUE)
    "dstrat.by_stype.total.enroll.E": [1842584.3418426532, 72581.334575752262, 1.0000000004792546],
    # svyby(~enroll, ~stype, dstrat, svytotal, deff = TRUE, na.rm = TRUE)
    "dstrat.by_stype.total.enroll.H": [997128.52519035165, 69239.395952250401, 0.99999999820830587],
    # svyby(~enroll, ~stype, dstrat, svytotal, deff = TRUE, na.rm = TRUE)
    "dstrat.by_stype.total.enroll.M": [847464.66540527507, 55502.963793856186, 0.99999999845155096],
    # svyby(~api00, ~stype, dstrat, svyratio, denominator = ~api99)
    "dstrat.by_stype.ratio.E": [1.060641326057213, 0.0049264825825194158],
    # svyby(~api00, ~stype, dstrat, svyratio, denominator = ~api99)
    "dstrat.by_stype.ratio.H": [1.0137035117273552, 0.0054125891529219258],
    # svyby(~api00, ~stype, dstrat, svyratio, denominator = ~api99)
    "dstrat.by_stype.ratio.M": [1.0432645034414947, 0.0051641898526182855],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "beta")
    "dstrat.by_stype.ciprop_beta.E": [0.91000000000000003, 0.83660777695465827, 0.95776726616652674],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "beta")
    "dstrat.by_stype.ciprop_beta.H": [0.52000000000000002, 0.3777083020902392, 0.65995536358456119],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "beta")
    "dstrat.by_stype.ciprop_beta.M": [0.70000000000000007, 0.55633520412003068, 0.81970717881203359],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "logit")
    "dstrat.by_stype.ciprop_logit.E": [0.90999999999999959, 0.83544594424448304, 0.95268889398164458],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "logit")
    "dstrat.by_stype.ciprop_logit.H": [0.51999999999976976, 0.38337951662129688, 0.65369335975107834],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstrat, svyciprop, vartype = "ci", method = "logit")
    "dstrat.by_stype.ciprop_logit.M": [0.69999999999975415, 0.5588291505819043, 0.81125478697994824],
    # degf(subset(dstrat, stype == "E"))
    "dstrat.degf.stype.E": [99],
    # degf(subset(dstrat, stype == "H"))
    "dstrat.degf.stype.H": [49],
    # degf(subset(dstrat, stype == "M"))
    "dstrat.degf.stype.M": [49],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial())
    "dstrat.glm.coef": [0.8358365250542884, -0.0024896357495189174, -0.0031523651115031772, 0.060896778706658002],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial())
    "dstrat.glm.se": [0.45562609559456779, 0.013252498611026014, 0.0091994837176591626, 0.031935421453053607],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial())
    "dstrat.glm.df": [194],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial()))
    "dstrat.glm.ci": [
        -0.062780030284040889,
        -0.028627108485635339,
        -0.021296208164360321,
        -0.0020884161645265478,
        1.7344530803926181,
        0.023647836986597517,
        0.014991477941353975,
        0.12388197357784259,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstrat.glm_tight.coef": [0.83583652484548754, -0.0024896357492620643, -0.003152365112289968, 0.060896778727527828],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstrat.glm_tight.se": [0.45562087836015652, 0.013252510219390588, 0.0091994536088383407, 0.031934576936539401],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstrat.glm_tight.df": [194],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dstrat, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dstrat.glm_tight.ci": [
        -0.062769740710802546,
        -0.028627131380179041,
        -0.021296148782497359,
        -0.0020867505311550349,
        1.7344427904017781,
        0.023647859881654923,
        0.014991418557917432,
        0.12388030798621072,
    ],
    # ---- dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
    # degf(dclus1)
    "dclus1.degf": [14],
    # sum(weights(dclus1))
    "dclus1.weights_sum": [6194.0003242492585],
    # svymean(~api00, dclus1, deff = TRUE)
    "dclus1.mean.api00": [
        644.16939890710387,
        23.542240693781039,
        9.3458694505909516,
        598.02745503191977,
        690.31134278228797,
        593.67631446332553,
        694.66248335088221,
    ],
    # svymean(~api00 + api99, dclus1, deff = TRUE)
    "dclus1.mean.api00_api99": [
        644.16939890710387,
        606.97814207650276,
        23.542240693781039,
        24.225040906133383,
        9.3458694505909516,
        8.6895752220803075,
    ],
    # svytotal(~enroll, dclus1, deff = TRUE, na.rm = TRUE)
    "dclus1.total.enroll": [
        3404940.1345291086,
        932235.02704121382,
        31.31065609434944,
        1577793.0564016066,
        5232087.2126566106,
        1405494.8585204193,
        5404385.410537798,
    ],
    # svymean(~enroll, dclus1, deff = TRUE, na.rm = TRUE)
    "dclus1.mean.enroll": [
        549.71584699453547,
        45.191372343560452,
        2.8228957634896275,
        461.14238478921754,
        638.28930919985339,
        452.78999318333018,
        646.6417008057407,
    ],
    # svytotal(~api00, dclus1, deff = TRUE)
    "dclus1.total.api00": [
        3989985.4657020508,
        898363.64444027119,
        354.72027147477479,
        2229225.077578973,
        5750745.8538251286,
        2063187.0801972339,
        5916783.851206868,
    ],
    # svyratio(~api00, ~api99, dclus1, deff = TRUE)
    "dclus1.ratio.api00_api99": [
        1.061272810752901,
        0.0062308312166094101,
        2.491512974637955,
        1.0490606059745986,
        1.0734850155312035,
        1.0479090069048544,
        1.0746366146009476,
    ],
    # svymean(~stype, dclus1, deff = TRUE)
    "dclus1.mean.stype": [
        0.78688524590163933,
        0.07650273224043716,
        0.13661202185792351,
        0.046336553649911898,
        0.026810219050770825,
        0.029649046640260204,
        2.4011450687604485,
        1.9080248395269472,
        1.3977271807412366,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1, method = "logit")
    "dclus1.ciprop.sch_wide.logit": [0.87431693988704007, 0.02035947724462743, 0.8237988923790337, 0.91190007702122267],
    # svyciprop(~I(sch.wide == "Yes"), dclus1, method = "beta")
    "dclus1.ciprop.sch_wide.beta": [0.87431693989071035, 0.02035947724462743, 0.82370221084750106, 0.91470449212686533],
    # svyciprop(~I(sch.wide == "Yes"), dclus1, method = "mean")
    "dclus1.ciprop.sch_wide.mean": [0.87431693989071035, 0.02035947724462743, 0.83065020412346802, 0.91798367565795269],
    # svyciprop(~I(sch.wide == "Yes"), dclus1, method = "xlogit")
    "dclus1.ciprop.sch_wide.xlogit": [
        0.87431693989071035,
        0.02035947724462743,
        0.82379889238300175,
        0.91190007702439313,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1, method = "asin")
    "dclus1.ciprop.sch_wide.asin": [0.87431693989071035, 0.02035947724462743, 0.82753345332108619, 0.9146145718489066],
    # svyby(~api00, ~stype, dclus1, svymean, deff = TRUE)
    "dclus1.by_stype.mean.api00.E": [648.86805555555554, 22.362408893831891, 6.5836735250278027],
    # svyby(~api00, ~stype, dclus1, svymean, deff = TRUE)
    "dclus1.by_stype.mean.api00.H": [618.57142857142856, 38.020249359407529, 2.2282593168686184],
    # svyby(~api00, ~stype, dclus1, svymean, deff = TRUE)
    "dclus1.by_stype.mean.api00.M": [631.44000000000005, 31.609465227245522, 2.1638997200804555],
    # svyby(~enroll, ~stype, dclus1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1.by_stype.total.enroll.E": [2109717.1268348661, 631349.38627510949, 125.03907530965466],
    # svyby(~enroll, ~stype, dclus1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1.by_stype.total.enroll.H": [535594.86956787028, 226716.59470640964, 4.6458157418574588],
    # svyby(~enroll, ~stype, dclus1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1.by_stype.total.enroll.M": [759628.13812637213, 213635.484268131, 13.014931705502859],
    # svyby(~api00, ~stype, dclus1, svyratio, denominator = ~api99)
    "dclus1.by_stype.ratio.E": [1.067583007700921, 0.0070624409215208246],
    # svyby(~api00, ~stype, dclus1, svyratio, denominator = ~api99)
    "dclus1.by_stype.ratio.H": [1.0383693045563547, 0.011343624176087494],
    # svyby(~api00, ~stype, dclus1, svyratio, denominator = ~api99)
    "dclus1.by_stype.ratio.M": [1.0375287545185672, 0.010337228052096624],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "beta")
    "dclus1.by_stype.ciprop_beta.E": [0.91666666666666674, 0.85976535873735127, 0.95581662331015138],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "beta")
    "dclus1.by_stype.ciprop_beta.H": [0.7857142857142857, 0.5217609712072494, 0.94390769367080685],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "beta")
    "dclus1.by_stype.ciprop_beta.M": [0.68000000000000005, 0.40570899167224006, 0.88524128954376491],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "logit")
    "dclus1.by_stype.ciprop_logit.E": [0.91666666666666086, 0.85920653705640071, 0.95198680147212034],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "logit")
    "dclus1.by_stype.ciprop_logit.H": [0.78571428571414215, 0.50368796786563674, 0.92981257236462611],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, vartype = "ci", method = "logit")
    "dclus1.by_stype.ciprop_logit.M": [0.67999999999990146, 0.41245544469725248, 0.86545626165111955],
    # degf(subset(dclus1, stype == "E"))
    "dclus1.degf.stype.E": [14],
    # degf(subset(dclus1, stype == "H"))
    "dclus1.degf.stype.H": [7],
    # degf(subset(dclus1, stype == "M"))
    "dclus1.degf.stype.M": [11],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial())
    "dclus1.glm.coef": [1.7261001737154844, 0.040094801762827342, -0.020788310850582924, 0.014580365535445665],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial())
    "dclus1.glm.se": [0.70113485987542024, 0.012573071573524412, 0.0092107549021538098, 0.025829979908448299],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial())
    "dclus1.glm.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial()))
    "dclus1.glm.ci": [
        0.18291275190675416,
        0.012421657812730087,
        -0.04106104570346477,
        -0.042271036928514215,
        3.2692875955242147,
        0.067767945712924604,
        -0.00051557599770107876,
        0.071431767999405538,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1.glm_tight.coef": [1.7261001737096711, 0.040094801762886975, -0.020788310850650495, 0.014580365535975472],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1.glm_tight.se": [0.70113590039570839, 0.012573076866990177, 0.0092107624956946858, 0.025830082581132143],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1.glm_tight.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dclus1.glm_tight.ci": [
        0.18291046173122782,
        0.012421646161950125,
        -0.041061062416803122,
        -0.042271262909037897,
        3.2692898856881145,
        0.067767957363823822,
        -0.00051555928449786848,
        0.071431993980988845,
    ],
    # ---- dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
    # degf(dclus2)
    "dclus2.degf": [39],
    # sum(weights(dclus2))
    "dclus2.weights_sum": [5128.6750000000002],
    # svymean(~api00, dclus2, deff = TRUE)
    "dclus2.mean.api00": [
        670.81180811808122,
        30.099027376836602,
        6.2505137557125794,
        611.81879848979634,
        729.8048177463661,
        609.93077874101596,
        731.69283749514648,
    ],
    # svymean(~api00 + api99, dclus2, deff = TRUE)
    "dclus2.mean.api00_api99": [
        670.81180811808122,
        645.03394833948346,
        30.099027376836602,
        29.711308845115425,
        6.2505137557125794,
        5.9802811177368529,
    ],
    # svytotal(~enroll, dclus2, deff = TRUE, na.rm = TRUE)
    "dclus2.total.enroll": [
        2639272.9300000002,
        799637.77364835783,
        24.194009306559312,
        1072011.6929714272,
        4206534.1670285733,
        1021852.8659230564,
        4256692.994076944,
    ],
    # svymean(~enroll, dclus2, deff = TRUE, na.rm = TRUE)
    "dclus2.mean.enroll": [
        526.26264150943405,
        80.340983990424419,
        6.1426964982007801,
        368.79720640569315,
        683.72807661317495,
        363.75766268518385,
        688.76762033368425,
    ],
    # svytotal(~api00, dclus2, deff = TRUE)
    "dclus2.total.api00": [
        3440375.7500000005,
        926665.58609027031,
        225.24051038682012,
        1624144.5755503702,
        5256606.924449631,
        1566017.6831046678,
        5314733.8168953331,
    ],
    # svyratio(~api00, ~api99, dclus2, deff = TRUE)
    "dclus2.ratio.api00_api99": [
        1.0399635706693546,
        0.004620534123386792,
        1.5691355550296096,
        1.0309074901981781,
        1.0490196511405312,
        1.0306176582522601,
        1.0493094830864491,
    ],
    # svymean(~stype, dclus2, deff = TRUE)
    "dclus2.mean.stype": [
        0.68118081180811818,
        0.13431734317343175,
        0.18450184501845021,
        0.055640647006007606,
        0.056733186292588854,
        0.022225215505529129,
        1.826797412484892,
        3.547287948822277,
        0.42070838470398908,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2, method = "logit")
    "dclus2.ciprop.sch_wide.logit": [
        0.75129151284806461,
        0.06639498843428826,
        0.59550787074719325,
        0.86107437985311308,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2, method = "beta")
    "dclus2.ciprop.sch_wide.beta": [0.75129151291512919, 0.06639498843428826, 0.59077112611306237, 0.8732922796574254],
    # svyciprop(~I(sch.wide == "Yes"), dclus2, method = "mean")
    "dclus2.ciprop.sch_wide.mean": [0.75129151291512919, 0.06639498843428826, 0.61699497267314862, 0.88558805315710976],
    # svyciprop(~I(sch.wide == "Yes"), dclus2, method = "xlogit")
    "dclus2.ciprop.sch_wide.xlogit": [
        0.75129151291512919,
        0.06639498843428826,
        0.59550787080092549,
        0.86107437991229974,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2, method = "asin")
    "dclus2.ciprop.sch_wide.asin": [0.75129151291512919, 0.06639498843428826, 0.60711455796881153, 0.87140754473497839],
    # svyby(~api00, ~stype, dclus2, svymean, deff = TRUE)
    "dclus2.by_stype.mean.api00.E": [692.81040086673886, 29.926604237402966, 3.9460359406285379],
    # svyby(~api00, ~stype, dclus2, svymean, deff = TRUE)
    "dclus2.by_stype.mean.api00.H": [598.34065934065939, 17.694167126090992, 0.66291079488517657],
    # svyby(~api00, ~stype, dclus2, svymean, deff = TRUE)
    "dclus2.by_stype.mean.api00.M": [642.35199999999998, 45.09131630033113, 2.6749944213687966],
    # svyby(~enroll, ~stype, dclus2, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2.by_stype.total.enroll.E": [1161343.98, 334451.84837550472, 30.30728947843896],
    # svyby(~enroll, ~stype, dclus2, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2.by_stype.total.enroll.H": [715486.12000000011, 338720.98813905701, 32.624719578327131],
    # svyby(~enroll, ~stype, dclus2, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2.by_stype.total.enroll.M": [762442.83000000007, 291735.04183014896, 28.359348209073467],
    # svyby(~api00, ~stype, dclus2, svyratio, denominator = ~api99)
    "dclus2.by_stype.ratio.E": [1.0522311188339406, 0.0064672740319939954],
    # svyby(~api00, ~stype, dclus2, svyratio, denominator = ~api99)
    "dclus2.by_stype.ratio.H": [1.0028825344200396, 0.004117431294060182],
    # svyby(~api00, ~stype, dclus2, svyratio, denominator = ~api99)
    "dclus2.by_stype.ratio.M": [1.0182228590993825, 0.011034326142667082],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "beta")
    "dclus2.by_stype.ciprop_beta.E": [0.93066088840736727, 0.80655405037229599, 0.98620395435493902],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "beta")
    "dclus2.by_stype.ciprop_beta.H": [0.14835164835164835, 0.024351673124467173, 0.40876429581733775],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "beta")
    "dclus2.by_stype.ciprop_beta.M": [0.52799999999999991, 0.15440927490806505, 0.87875022329248254],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "logit")
    "dclus2.by_stype.ciprop_logit.E": [0.9306608884070865, 0.79870650811410637, 0.97844890888411973],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "logit")
    "dclus2.by_stype.ciprop_logit.H": [0.14835164835378586, 0.038886877217923367, 0.42855694026956959],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2, svyciprop, vartype = "ci", method = "logit")
    "dclus2.by_stype.ciprop_logit.M": [0.52799999997643099, 0.18748764832656742, 0.84430998284783843],
    # degf(subset(dclus2, stype == "E"))
    "dclus2.degf.stype.E": [34],
    # degf(subset(dclus2, stype == "H"))
    "dclus2.degf.stype.H": [13],
    # degf(subset(dclus2, stype == "M"))
    "dclus2.degf.stype.M": [20],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial())
    "dclus2.glm.coef": [0.82118306852588707, -0.054620420466972526, 0.028734555199141549, 0.014601757484069576],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial())
    "dclus2.glm.se": [0.75561873668608437, 0.022202494364267331, 0.017991322005124769, 0.030182193932659716],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial())
    "dclus2.glm.df": [36],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial()))
    "dclus2.glm.ci": [
        -0.71128275837558685,
        -0.099649166093945349,
        -0.0077535370291595511,
        -0.046610568967186121,
        2.3536488954273609,
        -0.0095916748399997032,
        0.065222647427442645,
        0.075814083935325266,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_tight.coef": [0.82118306604828151, -0.054620420498816782, 0.02873455521838721, 0.014601757693711413],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_tight.se": [0.75562274530851647, 0.02220240284437415, 0.017991383163091793, 0.030183887569314817],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_tight.df": [36],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dclus2.glm_tight.ci": [
        -0.71129089071629914,
        -0.099648980514843277,
        -0.0077536610440199251,
        -0.046614003611884336,
        2.3536570228128619,
        -0.0095918604827902945,
        0.065222771480794348,
        0.075817518999307165,
    ],
    # ---- dclus2_1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2)
    # degf(dclus2_1)
    "dclus2_1.degf": [39],
    # sum(weights(dclus2_1))
    "dclus2_1.weights_sum": [5128.6750000000002],
    # svymean(~api00, dclus2_1, deff = TRUE)
    "dclus2_1.mean.api00": [
        670.8118081180811,
        29.889162472471149,
        6.1636544474632249,
        612.23012614397146,
        729.39349009219075,
        610.35527057751017,
        731.26834565865204,
    ],
    # svymean(~api00 + api99, dclus2_1, deff = TRUE)
    "dclus2_1.mean.api00_api99": [
        670.8118081180811,
        645.03394833948335,
        29.889162472471149,
        29.496022777578236,
        6.1636544474632249,
        5.8939297053433801,
    ],
    # svytotal(~enroll, dclus2_1, deff = TRUE, na.rm = TRUE)
    "dclus2_1.total.enroll": [
        2639272.9300000002,
        798295.67945205374,
        24.112864089196055,
        1074642.1492600436,
        4203903.7107399572,
        1024567.5076677548,
        4253978.3523322456,
    ],
    # svymean(~enroll, dclus2_1, deff = TRUE, na.rm = TRUE)
    "dclus2_1.mean.enroll": [
        526.26264150943393,
        79.808566346298733,
        6.0615512808375254,
        369.84072581291304,
        682.68455720595489,
        364.83457901962413,
        687.69070399924374,
    ],
    # svytotal(~api00, dclus2_1, deff = TRUE)
    "dclus2_1.total.api00": [
        3440375.75,
        926486.89422679914,
        225.15365107857076,
        1624494.8051671037,
        5256256.6948328968,
        1566379.1215143949,
        5314372.3784856051,
    ],
    # svyratio(~api00, ~api99, dclus2_1, deff = TRUE)
    "dclus2_1.ratio.api00_api99": [
        1.0399635706693546,
        0.0044650077253478321,
        1.4652796854529289,
        1.0312123163369797,
        1.0487148250017295,
        1.0309322400853995,
        1.0489949012533097,
    ],
    # svymean(~stype, dclus2_1, deff = TRUE)
    "dclus2_1.mean.stype": [
        0.68118081180811807,
        0.13431734317343172,
        0.18450184501845018,
        0.053675334236248221,
        0.056255088855978234,
        0.017349969012027459,
        1.7000259856697295,
        3.4877530134318588,
        0.25638145798082673,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2_1, method = "logit")
    "dclus2_1.ciprop.sch_wide.logit": [
        0.75129151284806461,
        0.06493241947723026,
        0.59931571434492603,
        0.85916957486698586,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2_1, method = "beta")
    "dclus2_1.ciprop.sch_wide.beta": [
        0.75129151291512908,
        0.06493241947723026,
        0.59480845993696929,
        0.87094991813169098,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2_1, method = "mean")
    "dclus2_1.ciprop.sch_wide.mean": [
        0.75129151291512908,
        0.06493241947723026,
        0.61995329762251727,
        0.88262972820774088,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2_1, method = "xlogit")
    "dclus2_1.ciprop.sch_wide.xlogit": [
        0.75129151291512908,
        0.06493241947723026,
        0.59931571439914499,
        0.85916957492652257,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus2_1, method = "asin")
    "dclus2_1.ciprop.sch_wide.asin": [
        0.75129151291512908,
        0.06493241947723026,
        0.61045447112942908,
        0.86910791939746102,
    ],
    # svyby(~api00, ~stype, dclus2_1, svymean, deff = TRUE)
    "dclus2_1.by_stype.mean.api00.E": [692.81040086673897, 29.471517400566448, 3.8269355622900396],
    # svyby(~api00, ~stype, dclus2_1, svymean, deff = TRUE)
    "dclus2_1.by_stype.mean.api00.H": [598.34065934065927, 16.510696023023641, 0.57719904601743566],
    # svyby(~api00, ~stype, dclus2_1, svymean, deff = TRUE)
    "dclus2_1.by_stype.mean.api00.M": [642.35199999999998, 44.129393227115436, 2.5620816495716583],
    # svyby(~enroll, ~stype, dclus2_1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2_1.by_stype.total.enroll.E": [1161343.98, 332977.45273520931, 30.040665500822467],
    # svyby(~enroll, ~stype, dclus2_1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2_1.by_stype.total.enroll.H": [715486.12, 335890.99019722041, 32.081840956153023],
    # svyby(~enroll, ~stype, dclus2_1, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus2_1.by_stype.total.enroll.M": [762442.82999999996, 284288.43452931871, 26.930066995301839],
    # svyby(~api00, ~stype, dclus2_1, svyratio, denominator = ~api99)
    "dclus2_1.by_stype.ratio.E": [1.0522311188339406, 0.0063903440090483559],
    # svyby(~api00, ~stype, dclus2_1, svyratio, denominator = ~api99)
    "dclus2_1.by_stype.ratio.H": [1.0028825344200396, 0.0035900380618840481],
    # svyby(~api00, ~stype, dclus2_1, svyratio, denominator = ~api99)
    "dclus2_1.by_stype.ratio.M": [1.0182228590993825, 0.010796867920765261],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "beta")
    "dclus2_1.by_stype.ciprop_beta.E": [0.93066088840736727, 0.80745857651577191, 0.98603710506157083],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "beta")
    "dclus2_1.by_stype.ciprop_beta.H": [0.14835164835164835, 0.024719173134612582, 0.40692322985603546],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "beta")
    "dclus2_1.by_stype.ciprop_beta.M": [0.52800000000000002, 0.16085256455817457, 0.87315127131652936],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "logit")
    "dclus2_1.by_stype.ciprop_logit.E": [0.93066088840708638, 0.7997396746293729, 0.97831272204317765],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "logit")
    "dclus2_1.by_stype.ciprop_logit.H": [0.14835164835378595, 0.03919432212982079, 0.42655120865613455],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus2_1, svyciprop, vartype = "ci", method = "logit")
    "dclus2_1.by_stype.ciprop_logit.M": [0.52799999997643088, 0.19282202332740647, 0.83970182401043181],
    # degf(subset(dclus2_1, stype == "E"))
    "dclus2_1.degf.stype.E": [34],
    # degf(subset(dclus2_1, stype == "H"))
    "dclus2_1.degf.stype.H": [13],
    # degf(subset(dclus2_1, stype == "M"))
    "dclus2_1.degf.stype.M": [20],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial())
    "dclus2_1.glm.coef": [0.82118306852588707, -0.054620420466972526, 0.028734555199141538, 0.014601757484069573],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial())
    "dclus2_1.glm.se": [0.7467171483250703, 0.021601979306410654, 0.017716128333018666, 0.02935949011379298],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial())
    "dclus2_1.glm.df": [36],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial()))
    "dclus2_1.glm.ci": [
        -0.69322950042141673,
        -0.098431265107607788,
        -0.0071954183936533966,
        -0.044942048287558795,
        2.3355956374731908,
        -0.010809575826337264,
        0.064664528791936474,
        0.074145563255697933,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2_1.glm_tight.coef": [0.82118306604828284, -0.054620420498816866, 0.028734555218387248, 0.014601757693711345],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2_1.glm_tight.se": [0.74672076728819481, 0.021601882152046163, 0.017716190342670354, 0.029361134332714388],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2_1.glm_tight.df": [36],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus2_1, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dclus2_1.glm_tight.ci": [
        -0.69323684249642348,
        -0.098431068101268338,
        -0.0071955441358102779,
        -0.044945382708447827,
        2.3356029745929892,
        -0.010809772896365394,
        0.064664654572584773,
        0.074148898095870525,
    ],
    # ---- dclus1_wr <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
    # degf(dclus1_wr)
    "dclus1_wr.degf": [14],
    # sum(weights(dclus1_wr))
    "dclus1_wr.weights_sum": [6194.0003242492585],
    # svymean(~api00, dclus1_wr, deff = TRUE)
    "dclus1_wr.mean.api00": [
        644.16939890710387,
        23.779010720886877,
        9.5348021214249989,
        597.56339430617379,
        690.77540350803395,
        593.16849326109093,
        695.17030455311681,
    ],
    # svymean(~api00 + api99, dclus1_wr, deff = TRUE)
    "dclus1_wr.mean.api00_api99": [
        644.16939890710387,
        606.97814207650276,
        23.779010720886877,
        24.46867802065411,
        9.5348021214249989,
        8.8652404893730363,
    ],
    # svytotal(~enroll, dclus1_wr, deff = TRUE, na.rm = TRUE)
    "dclus1_wr.total.enroll": [
        3404940.1345291086,
        941610.7409119783,
        31.943620840192079,
        1559416.9948855557,
        5250463.2741726618,
        1385385.9522206774,
        5424494.3168375399,
    ],
    # svymean(~enroll, dclus1_wr, deff = TRUE, na.rm = TRUE)
    "dclus1_wr.mean.enroll": [
        549.71584699453547,
        45.645872940759823,
        2.8799623894361828,
        460.25157998775484,
        639.18011400131604,
        451.81518635280628,
        647.6165076362646,
    ],
    # svytotal(~api00, dclus1_wr, deff = TRUE)
    "dclus1_wr.total.api00": [
        3989985.4657020508,
        907398.70559743664,
        361.89116645067992,
        2211516.6831128118,
        5768454.2482912894,
        2043808.8013028223,
        5936162.1301012794,
    ],
    # svyratio(~api00, ~api99, dclus1_wr, deff = TRUE)
    "dclus1_wr.ratio.api00_api99": [
        1.061272810752901,
        0.0062934961980458722,
        2.5418804876023335,
        1.0489377848678914,
        1.0736078366379107,
        1.0477746038868709,
        1.0747710176189311,
    ],
    # svymean(~stype, dclus1_wr, deff = TRUE)
    "dclus1_wr.mean.stype": [
        0.78688524590163933,
        0.07650273224043716,
        0.13661202185792351,
        0.046802571613383789,
        0.027079855929177273,
        0.029947234296566472,
        2.4496857372663876,
        1.9465967702451468,
        1.425983121052717,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1_wr, method = "logit")
    "dclus1_wr.ciprop.sch_wide.logit": [
        0.87431693988704007,
        0.020564237447437884,
        0.82321802678934408,
        0.9122206241451194,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1_wr, method = "beta")
    "dclus1_wr.ciprop.sch_wide.beta": [
        0.87431693989071035,
        0.020564237447437884,
        0.82311860494165712,
        0.91507652370378445,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1_wr, method = "mean")
    "dclus1_wr.ciprop.sch_wide.mean": [
        0.87431693989071035,
        0.020564237447437884,
        0.83021103716626476,
        0.91842284261515594,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1_wr, method = "xlogit")
    "dclus1_wr.ciprop.sch_wide.xlogit": [
        0.87431693989071035,
        0.020564237447437884,
        0.82321802679331357,
        0.91222062414828431,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dclus1_wr, method = "asin")
    "dclus1_wr.ciprop.sch_wide.asin": [
        0.87431693989071035,
        0.020564237447437884,
        0.82703266837396239,
        0.91498443461925738,
    ],
    # svyby(~api00, ~stype, dclus1_wr, svymean, deff = TRUE)
    "dclus1_wr.by_stype.mean.api00.E": [648.86805555555554, 22.587313066243276, 6.7167666555876639],
    # svyby(~api00, ~stype, dclus1_wr, svymean, deff = TRUE)
    "dclus1_wr.by_stype.mean.api00.H": [618.57142857142856, 38.402628232705503, 2.2733049903902205],
    # svyby(~api00, ~stype, dclus1_wr, svymean, deff = TRUE)
    "dclus1_wr.by_stype.mean.api00.M": [631.44000000000005, 31.927369288970326, 2.2076443235861247],
    # svyby(~enroll, ~stype, dclus1_wr, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1_wr.by_stype.total.enroll.E": [2109717.1268348661, 637699.02024776279, 127.56681941968813],
    # svyby(~enroll, ~stype, dclus1_wr, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1_wr.by_stype.total.enroll.H": [535594.86956787028, 228996.73851141959, 4.7397338498464867],
    # svyby(~enroll, ~stype, dclus1_wr, svytotal, deff = TRUE, na.rm = TRUE)
    "dclus1_wr.by_stype.total.enroll.M": [759628.13812637213, 215784.06817137421, 13.27803679388904],
    # svyby(~api00, ~stype, dclus1_wr, svyratio, denominator = ~api99)
    "dclus1_wr.by_stype.ratio.E": [1.067583007700921, 0.0071334696035469831],
    # svyby(~api00, ~stype, dclus1_wr, svyratio, denominator = ~api99)
    "dclus1_wr.by_stype.ratio.H": [1.0383693045563547, 0.011457709756920086],
    # svyby(~api00, ~stype, dclus1_wr, svyratio, denominator = ~api99)
    "dclus1_wr.by_stype.ratio.M": [1.0375287545185672, 0.010441192062911478],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "beta")
    "dclus1_wr.by_stype.ciprop_beta.E": [0.91666666666666674, 0.85906363971248978, 0.9561485004922301],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "beta")
    "dclus1_wr.by_stype.ciprop_beta.H": [0.7857142857142857, 0.51863842599972709, 0.94496273652766938],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "beta")
    "dclus1_wr.by_stype.ciprop_beta.M": [0.68000000000000005, 0.40275341829233752, 0.88685433290234106],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "logit")
    "dclus1_wr.by_stype.ciprop_logit.E": [0.91666666666666086, 0.85848819539099475, 0.95225692075722257],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "logit")
    "dclus1_wr.by_stype.ciprop_logit.H": [0.78571428571414215, 0.50045832502084986, 0.93065100344942664],
    # svyby(~I(sch.wide == "Yes"), ~stype, dclus1_wr, svyciprop, vartype = "ci", method = "logit")
    "dclus1_wr.by_stype.ciprop_logit.M": [0.67999999999990146, 0.40975863540754731, 0.86674807547953681],
    # degf(subset(dclus1_wr, stype == "E"))
    "dclus1_wr.degf.stype.E": [14],
    # degf(subset(dclus1_wr, stype == "H"))
    "dclus1_wr.degf.stype.H": [7],
    # degf(subset(dclus1_wr, stype == "M"))
    "dclus1_wr.degf.stype.M": [11],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial())
    "dclus1_wr.glm.coef": [1.7261001737154844, 0.040094801762827342, -0.020788310850582924, 0.014580365535445665],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial())
    "dclus1_wr.glm.se": [0.70818634328929086, 0.012699522005154456, 0.009303389699164626, 0.02608975828394856],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial())
    "dclus1_wr.glm.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial()))
    "dclus1_wr.glm.ci": [
        0.16739254155619254,
        0.012143342289225176,
        -0.041264933516993674,
        -0.042842805277903004,
        3.2848078058747765,
        0.068046261236429512,
        -0.00031168818417217151,
        0.072003536348794334,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1_wr.glm_tight.coef": [1.7261001737096711, 0.040094801762886975, -0.020788310850650495, 0.014580365535975472],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1_wr.glm_tight.se": [0.70818739427434407, 0.012699527351857892, 0.0093033973690755858, 0.026089861989236497],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus1_wr.glm_tight.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dclus1_wr, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dclus1_wr.glm_tight.ci": [
        0.16739022834787365,
        0.012143330521269893,
        -0.04126495039842145,
        -0.042843033531172969,
        3.2848101190714685,
        0.068046273004504054,
        -0.00031167130287954037,
        0.07200376460312391,
    ],
    # ---- dstratclus <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE, data = apistrat)
    # degf(dstratclus)
    "dstratclus.degf": [159],
    # sum(weights(dstratclus))
    "dstratclus.weights_sum": [6193.9999580383346],
    # svymean(~api00, dstratclus, deff = TRUE)
    "dstratclus.mean.api00": [
        662.28736315932076,
        11.189632207927867,
        1.7034976877105326,
        640.35608703153275,
        684.21863928710877,
        640.18788192640227,
        684.38684439223925,
    ],
    # svymean(~api00 + api99, dstratclus, deff = TRUE)
    "dstratclus.mean.api00_api99": [
        662.28736315932076,
        629.39484478396116,
        11.189632207927867,
        12.298197078260836,
        1.7034976877105326,
        1.8923595785944443,
    ],
    # svytotal(~enroll, dstratclus, deff = TRUE, na.rm = TRUE)
    "dstratclus.total.enroll": [
        3687177.5324382801,
        270767.6111523814,
        2.019474535728456,
        3156482.7663996667,
        4217872.2984768935,
        3152412.5258722315,
        4221942.5390043287,
    ],
    # svymean(~enroll, dstratclus, deff = TRUE, na.rm = TRUE)
    "dstratclus.mean.enroll": [
        595.28213713550372,
        23.36797236234495,
        0.57707121448479892,
        549.48175291358029,
        641.08252135742714,
        549.13048021981751,
        641.43379405118992,
    ],
    # svytotal(~api00, dstratclus, deff = TRUE)
    "dstratclus.total.api00": [
        4102207.8996181521,
        303500.30724160781,
        32.665235869337806,
        3507358.2281277599,
        4697057.5711085442,
        3502795.9422422126,
        4701619.8569940915,
    ],
    # svyratio(~api00, ~api99, dstratclus, deff = TRUE)
    "dstratclus.ratio.api00_api99": [
        1.0522605462182486,
        0.0046692197076287955,
        1.8847859908303364,
        1.0431090437553916,
        1.0614120486811056,
        1.0430388549791025,
        1.0614822374573947,
    ],
    # svymean(~stype, dstratclus, deff = TRUE)
    "dstratclus.mean.stype": [
        0.71375523706774757,
        0.12189215760224135,
        0.16435260533001114,
        0.023160731484179003,
        0.011335168982518191,
        0.01398624886292271,
        0.53991479025505695,
        0.24685385643944008,
        0.29289393958750531,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstratclus, method = "logit")
    "dstratclus.ciprop.sch_wide.logit": [
        0.82794801100195725,
        0.028488847398903106,
        0.76425858549731263,
        0.87719554566351587,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstratclus, method = "beta")
    "dstratclus.ciprop.sch_wide.beta": [
        0.82794801141582364,
        0.028488847398903106,
        0.7637128747530858,
        0.88071883987066535,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstratclus, method = "mean")
    "dstratclus.ciprop.sch_wide.mean": [
        0.82794801141582364,
        0.028488847398903106,
        0.77168264569687961,
        0.88421337713476766,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstratclus, method = "xlogit")
    "dstratclus.ciprop.sch_wide.xlogit": [
        0.82794801141582364,
        0.028488847398903106,
        0.76425858591731344,
        0.8771955460383416,
    ],
    # svyciprop(~I(sch.wide == "Yes"), dstratclus, method = "asin")
    "dstratclus.ciprop.sch_wide.asin": [
        0.82794801141582364,
        0.028488847398903106,
        0.76825342811338193,
        0.88036781122628938,
    ],
    # svyby(~api00, ~stype, dstratclus, svymean, deff = TRUE)
    "dstratclus.by_stype.mean.api00.E": [674.42999999999995, 15.231610584570493, 1.5131305511834057],
    # svyby(~api00, ~stype, dstratclus, svymean, deff = TRUE)
    "dstratclus.by_stype.mean.api00.H": [625.82000000000005, 17.939915951185775, 1.4424691482950924],
    # svyby(~api00, ~stype, dstratclus, svymean, deff = TRUE)
    "dstratclus.by_stype.mean.api00.M": [636.60000000000002, 17.763708150966885, 1.2001873105428675],
    # svyby(~enroll, ~stype, dstratclus, svytotal, deff = TRUE, na.rm = TRUE)
    "dstratclus.by_stype.total.enroll.E": [1842584.3418426532, 232001.83820895912, 10.217224901468466],
    # svyby(~enroll, ~stype, dstratclus, svytotal, deff = TRUE, na.rm = TRUE)
    "dstratclus.by_stype.total.enroll.H": [997128.52519035165, 108163.51585943402, 2.4403664716750888],
    # svyby(~enroll, ~stype, dstratclus, svytotal, deff = TRUE, na.rm = TRUE)
    "dstratclus.by_stype.total.enroll.M": [847464.66540527507, 88266.07589418003, 2.5290376150818661],
    # svyby(~api00, ~stype, dstratclus, svyratio, denominator = ~api99)
    "dstratclus.by_stype.ratio.E": [1.060641326057213, 0.0060439054925659902],
    # svyby(~api00, ~stype, dstratclus, svyratio, denominator = ~api99)
    "dstratclus.by_stype.ratio.H": [1.0137035117273552, 0.0054536214238010312],
    # svyby(~api00, ~stype, dstratclus, svyratio, denominator = ~api99)
    "dstratclus.by_stype.ratio.M": [1.0432645034414947, 0.0054276242678268447],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "beta")
    "dstratclus.by_stype.ciprop_beta.E": [0.91000000000000003, 0.83228391523468115, 0.95955996374796371],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "beta")
    "dstratclus.by_stype.ciprop_beta.H": [0.52000000000000002, 0.37412550572921771, 0.66342046865808768],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "beta")
    "dstratclus.by_stype.ciprop_beta.M": [0.70000000000000007, 0.53154070581343704, 0.83644002796818939],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "logit")
    "dstratclus.by_stype.ciprop_logit.E": [0.90999999999999959, 0.83096716229234857, 0.95412054389070622],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "logit")
    "dstratclus.by_stype.ciprop_logit.H": [0.51999999999976976, 0.38015102986101473, 0.65678342195075556],
    # svyby(~I(sch.wide == "Yes"), ~stype, dstratclus, svyciprop, vartype = "ci", method = "logit")
    "dstratclus.by_stype.ciprop_logit.M": [0.69999999999975415, 0.53545691444744115, 0.82527878492993179],
    # degf(subset(dstratclus, stype == "E"))
    "dstratclus.degf.stype.E": [74],
    # degf(subset(dstratclus, stype == "H"))
    "dstratclus.degf.stype.H": [41],
    # degf(subset(dstratclus, stype == "M"))
    "dstratclus.degf.stype.M": [44],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial())
    "dstratclus.glm.coef": [0.8358365250542884, -0.0024896357495189174, -0.0031523651115031772, 0.060896778706658002],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial())
    "dstratclus.glm.se": [0.45642044868972009, 0.013702040648860514, 0.0096500026256970094, 0.033018988697499647],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial())
    "dstratclus.glm.df": [156],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial()))
    "dstratclus.glm.ci": [
        -0.065725085502916669,
        -0.029555105473257889,
        -0.022213894747347918,
        -0.0043252171845142781,
        1.7373981356114934,
        0.024575833974220057,
        0.01590916452434156,
        0.12611877459783027,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstratclus.glm_tight.coef": [
        0.83583652484548754,
        -0.0024896357492620643,
        -0.003152365112289968,
        0.060896778727527828,
    ],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstratclus.glm_tight.se": [0.45641462058993798, 0.013702050679585879, 0.0096499708825373651, 0.033018109713508013],
    # svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dstratclus.glm_tight.df": [156],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = dstratclus, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dstratclus.glm_tight.ci": [
        -0.065713573539024184,
        -0.029555125286567542,
        -0.022213832046268006,
        -0.0043234809175463074,
        1.7373866232299993,
        0.024575853788043417,
        0.015909101821688074,
        0.12611703837260196,
    ],
    # ---- a model with missing covariates (apiclus2$enroll has 6 NA): rows leave the fit, not the design
    # svyglm(sch.wide ~ ell + enroll, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_na.coef": [3.9043771245126764, -0.015363101378745744, -0.0039355645087927249],
    # svyglm(sch.wide ~ ell + enroll, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_na.se": [0.94806111952129835, 0.013645443293390937, 0.001165349749754773],
    # svyglm(sch.wide ~ ell + enroll, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100))
    "dclus2.glm_na.df": [35],
    # confint(svyglm(sch.wide ~ ell + enroll, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-15, maxit = 100)))
    "dclus2.glm_na.ci": [
        1.979710729306593,
        -0.043064823993149148,
        -0.0063013502749544419,
        5.82904351971876,
        0.012338621235657661,
        -0.0015697787426310074,
    ],
    # ---- lonely PSUs: apiclus1 with its districts split into strata a (dnum < 400, 5 PSUs), b (9 PSUs), c (dnum 413 alone)
    # lon <- apiclus1; lon$st <- ifelse(lon$dnum == 413, "c", ifelse(lon$dnum < 400, "a", "b"))
    # lon$N <- c(a = 250, b = 500, c = 7)[lon$st]; lon$Ncert <- c(a = 250, b = 500, c = 1)[lon$st]
    # ---- options(survey.lonely.psu = "remove"); lonely_remove_none <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, data = lon)
    # degf(lonely_remove_none)
    "lonely_remove_none.degf": [12],
    # svymean(~api00, lonely_remove_none, deff = TRUE)
    "lonely_remove_none.mean.api00": [
        644.16939890710387,
        23.275312675232165,
        9.1351391455006858,
        598.55062433474018,
        689.78817347946756,
        593.45684903579172,
        694.88194877841602,
    ],
    # svytotal(~enroll, lonely_remove_none, deff = TRUE)
    "lonely_remove_none.total.enroll": [
        3404940.1345291086,
        939079.7912621405,
        31.772129506326394,
        1564377.5650459218,
        5245502.7040122952,
        1358861.0372459341,
        5451019.2318122834,
    ],
    # svyratio(~api00, ~api99, lonely_remove_none)
    "lonely_remove_none.ratio.api00_api99": [
        1.061272810752901,
        0.0053620893544514816,
        nan,
        1.0507633087362904,
        1.0717823127695116,
        1.0495898216736002,
        1.0729557998322019,
    ],
    # svyby(~api00, ~stype, lonely_remove_none, svymean)
    "lonely_remove_none.by_stype.mean.api00.E": [648.86805555555554, 22.014180148194622],
    # svyby(~api00, ~stype, lonely_remove_none, svymean)
    "lonely_remove_none.by_stype.mean.api00.H": [618.57142857142856, 39.220740399811049],
    # svyby(~api00, ~stype, lonely_remove_none, svymean)
    "lonely_remove_none.by_stype.mean.api00.M": [631.44000000000005, 31.211512993765616],
    # svyby(~enroll, ~stype, lonely_remove_none, svytotal)
    "lonely_remove_none.by_stype.total.enroll.E": [2109717.1268348661, 628620.17312993773],
    # svyby(~enroll, ~stype, lonely_remove_none, svytotal)
    "lonely_remove_none.by_stype.total.enroll.H": [535594.86956787028, 205994.45319669164],
    # svyby(~enroll, ~stype, lonely_remove_none, svytotal)
    "lonely_remove_none.by_stype.total.enroll.M": [759628.13812637213, 216381.88581490747],
    # ---- options(survey.lonely.psu = "remove"); lonely_remove_N <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~N, data = lon)
    # degf(lonely_remove_N)
    "lonely_remove_N.degf": [12],
    # svymean(~api00, lonely_remove_N, deff = TRUE)
    "lonely_remove_N.mean.api00": [
        644.16939890710387,
        23.062211572647634,
        8.9686282555028711,
        598.96829482087173,
        689.370502993336,
        593.92115645211913,
        694.4176413620886,
    ],
    # svytotal(~enroll, lonely_remove_N, deff = TRUE)
    "lonely_remove_N.total.enroll": [
        3404940.1345291086,
        930446.25950378634,
        31.190613937288269,
        1581298.9763516788,
        5228581.292706538,
        1377671.8870063757,
        5432208.3820518414,
    ],
    # svyratio(~api00, ~api99, lonely_remove_N)
    "lonely_remove_N.ratio.api00_api99": [
        1.061272810752901,
        0.0053122339800992617,
        nan,
        1.0508610234744566,
        1.0716845980313454,
        1.0496984472028665,
        1.0728471743029355,
    ],
    # svyby(~api00, ~stype, lonely_remove_N, svymean)
    "lonely_remove_N.by_stype.mean.api00.E": [648.86805555555554, 21.813124388406212],
    # svyby(~api00, ~stype, lonely_remove_N, svymean)
    "lonely_remove_N.by_stype.mean.api00.H": [618.57142857142856, 38.865097621783619],
    # svyby(~api00, ~stype, lonely_remove_N, svymean)
    "lonely_remove_N.by_stype.mean.api00.M": [631.44000000000005, 30.921343088946184],
    # svyby(~enroll, ~stype, lonely_remove_N, svytotal)
    "lonely_remove_N.by_stype.total.enroll.E": [2109717.1268348661, 622671.30264793336],
    # svyby(~enroll, ~stype, lonely_remove_N, svytotal)
    "lonely_remove_N.by_stype.total.enroll.H": [535594.86956787028, 204131.23952536561],
    # svyby(~enroll, ~stype, lonely_remove_N, svytotal)
    "lonely_remove_N.by_stype.total.enroll.M": [759628.13812637213, 214371.0564159338],
    # ---- options(survey.lonely.psu = "certainty"); lonely_certainty_none <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, data = lon)
    # degf(lonely_certainty_none)
    "lonely_certainty_none.degf": [12],
    # svymean(~api00, lonely_certainty_none, deff = TRUE)
    "lonely_certainty_none.mean.api00": [
        644.16939890710387,
        23.275312675232165,
        9.1351391455006858,
        598.55062433474018,
        689.78817347946756,
        593.45684903579172,
        694.88194877841602,
    ],
    # svytotal(~enroll, lonely_certainty_none, deff = TRUE)
    "lonely_certainty_none.total.enroll": [
        3404940.1345291086,
        939079.7912621405,
        31.772129506326394,
        1564377.5650459218,
        5245502.7040122952,
        1358861.0372459341,
        5451019.2318122834,
    ],
    # svyratio(~api00, ~api99, lonely_certainty_none)
    "lonely_certainty_none.ratio.api00_api99": [
        1.061272810752901,
        0.0053620893544514816,
        nan,
        1.0507633087362904,
        1.0717823127695116,
        1.0495898216736002,
        1.0729557998322019,
    ],
    # svyby(~api00, ~stype, lonely_certainty_none, svymean)
    "lonely_certainty_none.by_stype.mean.api00.E": [648.86805555555554, 22.014180148194622],
    # svyby(~api00, ~stype, lonely_certainty_none, svymean)
    "lonely_certainty_none.by_stype.mean.api00.H": [618.57142857142856, 39.220740399811049],
    # svyby(~api00, ~stype, lonely_certainty_none, svymean)
    "lonely_certainty_none.by_stype.mean.api00.M": [631.44000000000005, 31.211512993765616],
    # svyby(~enroll, ~stype, lonely_certainty_none, svytotal)
    "lonely_certainty_none.by_stype.total.enroll.E": [2109717.1268348661, 628620.17312993773],
    # svyby(~enroll, ~stype, lonely_certainty_none, svytotal)
    "lonely_certainty_none.by_stype.total.enroll.H": [535594.86956787028, 205994.45319669164],
    # svyby(~enroll, ~stype, lonely_certainty_none, svytotal)
    "lonely_certainty_none.by_stype.total.enroll.M": [759628.13812637213, 216381.88581490747],
    # ---- options(survey.lonely.psu = "certainty"); lonely_certainty_N <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~N, data = lon)
    # degf(lonely_certainty_N)
    "lonely_certainty_N.degf": [12],
    # svymean(~api00, lonely_certainty_N, deff = TRUE)
    "lonely_certainty_N.mean.api00": [
        644.16939890710387,
        23.062211572647634,
        8.9686282555028711,
        598.96829482087173,
        689.370502993336,
        593.92115645211913,
        694.4176413620886,
    ],
    # svytotal(~enroll, lonely_certainty_N, deff = TRUE)
    "lonely_certainty_N.total.enroll": [
        3404940.1345291086,
        930446.25950378634,
        31.190613937288269,
        1581298.9763516788,
        5228581.292706538,
        1377671.8870063757,
        5432208.3820518414,
    ],
    # svyratio(~api00, ~api99, lonely_certainty_N)
    "lonely_certainty_N.ratio.api00_api99": [
        1.061272810752901,
        0.0053122339800992617,
        nan,
        1.0508610234744566,
        1.0716845980313454,
        1.0496984472028665,
        1.0728471743029355,
    ],
    # svyby(~api00, ~stype, lonely_certainty_N, svymean)
    "lonely_certainty_N.by_stype.mean.api00.E": [648.86805555555554, 21.813124388406212],
    # svyby(~api00, ~stype, lonely_certainty_N, svymean)
    "lonely_certainty_N.by_stype.mean.api00.H": [618.57142857142856, 38.865097621783619],
    # svyby(~api00, ~stype, lonely_certainty_N, svymean)
    "lonely_certainty_N.by_stype.mean.api00.M": [631.44000000000005, 30.921343088946184],
    # svyby(~enroll, ~stype, lonely_certainty_N, svytotal)
    "lonely_certainty_N.by_stype.total.enroll.E": [2109717.1268348661, 622671.30264793336],
    # svyby(~enroll, ~stype, lonely_certainty_N, svytotal)
    "lonely_certainty_N.by_stype.total.enroll.H": [535594.86956787028, 204131.23952536561],
    # svyby(~enroll, ~stype, lonely_certainty_N, svytotal)
    "lonely_certainty_N.by_stype.total.enroll.M": [759628.13812637213, 214371.0564159338],
    # ---- options(survey.lonely.psu = "adjust"); lonely_adjust_none <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, data = lon)
    # degf(lonely_adjust_none)
    "lonely_adjust_none.degf": [12],
    # svymean(~api00, lonely_adjust_none, deff = TRUE)
    "lonely_adjust_none.mean.api00": [
        644.16939890710387,
        23.2808802614157,
        9.1395100219121996,
        598.53971206633969,
        689.79908574786805,
        593.44471830758482,
        694.89407950662292,
    ],
    # svytotal(~enroll, lonely_adjust_none, deff = TRUE)
    "lonely_adjust_none.total.enroll": [
        3404940.1345291086,
        939125.58417973516,
        31.775228229131105,
        1564287.8125766893,
        5245592.4564815275,
        1358761.2630495708,
        5451119.0060086465,
    ],
    # svyratio(~api00, ~api99, lonely_adjust_none)
    "lonely_adjust_none.ratio.api00_api99": [
        1.061272810752901,
        0.0053646034714967981,
        nan,
        1.0507583811574288,
        1.0717872403483732,
        1.0495843438831265,
        1.0729612776226756,
    ],
    # svyby(~api00, ~stype, lonely_adjust_none, svymean)
    "lonely_adjust_none.by_stype.mean.api00.E": [648.86805555555554, 22.024668831582218],
    # svyby(~api00, ~stype, lonely_adjust_none, svymean)
    "lonely_adjust_none.by_stype.mean.api00.H": [618.57142857142856, 39.220740399811049],
    # svyby(~api00, ~stype, lonely_adjust_none, svymean)
    "lonely_adjust_none.by_stype.mean.api00.M": [631.44000000000005, 31.211512993765616],
    # svyby(~enroll, ~stype, lonely_adjust_none, svytotal)
    "lonely_adjust_none.by_stype.total.enroll.E": [2109717.1268348661, 628688.57995823049],
    # svyby(~enroll, ~stype, lonely_adjust_none, svytotal)
    "lonely_adjust_none.by_stype.total.enroll.H": [535594.86956787028, 205994.45319669164],
    # svyby(~enroll, ~stype, lonely_adjust_none, svytotal)
    "lonely_adjust_none.by_stype.total.enroll.M": [759628.13812637213, 216381.88581490747],
    # ---- options(survey.lonely.psu = "adjust"); lonely_adjust_N <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~N, data = lon)
    # degf(lonely_adjust_N)
    "lonely_adjust_N.degf": [12],
    # svymean(~api00, lonely_adjust_N, deff = TRUE)
    "lonely_adjust_N.mean.api00": [
        644.16939890710387,
        23.067027959065758,
        8.9723747209984541,
        598.95885487695648,
        689.37994293725126,
        593.91066244759872,
        694.42813536660901,
    ],
    # svytotal(~enroll, lonely_adjust_N, deff = TRUE)
    "lonely_adjust_N.total.enroll": [
        3404940.1345291086,
        930485.87490591721,
        31.193269985406591,
        1581221.3315902692,
        5228658.9374679476,
        1377585.5724599604,
        5432294.6965982569,
    ],
    # svyratio(~api00, ~api99, lonely_adjust_N)
    "lonely_adjust_N.ratio.api00_api99": [
        1.061272810752901,
        0.0053144092264453234,
        nan,
        1.0508567600699608,
        1.0716888614358413,
        1.04969370774822,
        1.072851913757582,
    ],
    # svyby(~api00, ~stype, lonely_adjust_N, svymean)
    "lonely_adjust_N.by_stype.mean.api00.E": [648.86805555555554, 21.822197828131635],
    # svyby(~api00, ~stype, lonely_adjust_N, svymean)
    "lonely_adjust_N.by_stype.mean.api00.H": [618.57142857142856, 38.865097621783619],
    # svyby(~api00, ~stype, lonely_adjust_N, svymean)
    "lonely_adjust_N.by_stype.mean.api00.M": [631.44000000000005, 30.921343088946184],
    # svyby(~enroll, ~stype, lonely_adjust_N, svytotal)
    "lonely_adjust_N.by_stype.total.enroll.E": [2109717.1268348661, 622730.49766019755],
    # svyby(~enroll, ~stype, lonely_adjust_N, svytotal)
    "lonely_adjust_N.by_stype.total.enroll.H": [535594.86956787028, 204131.23952536561],
    # svyby(~enroll, ~stype, lonely_adjust_N, svytotal)
    "lonely_adjust_N.by_stype.total.enroll.M": [759628.13812637213, 214371.0564159338],
    # ---- options(survey.lonely.psu = "average"); lonely_average_none <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, data = lon)
    # degf(lonely_average_none)
    "lonely_average_none.degf": [12],
    # svymean(~api00, lonely_average_none, deff = TRUE)
    "lonely_average_none.mean.api00": [
        644.16939890710387,
        28.506319829026239,
        13.702708718251028,
        588.29803871043248,
        700.04075910377526,
        582.05946353702416,
        706.27933427718358,
    ],
    # svytotal(~enroll, lonely_average_none, deff = TRUE)
    "lonely_average_none.total.enroll": [
        3404940.1345291086,
        1150133.1581757907,
        47.658194259489598,
        1150720.5670792502,
        5659159.7019789666,
        899015.25367000792,
        5910865.0153882094,
    ],
    # svyratio(~api00, ~api99, lonely_average_none)
    "lonely_average_none.ratio.api00_api99": [
        1.061272810752901,
        0.0065671914368078885,
        nan,
        1.0484013520571778,
        1.0741442694486243,
        1.0469641297955032,
        1.0755814917102988,
    ],
    # svyby(~api00, ~stype, lonely_average_none, svymean)
    "lonely_average_none.by_stype.mean.api00.E": [648.86805555555554, 26.961754234391897],
    # svyby(~api00, ~stype, lonely_average_none, svymean)
    "lonely_average_none.by_stype.mean.api00.H": [618.57142857142856, 39.220740399811049],
    # svyby(~api00, ~stype, lonely_average_none, svymean)
    "lonely_average_none.by_stype.mean.api00.M": [631.44000000000005, 31.211512993765616],
    # svyby(~enroll, ~stype, lonely_average_none, svytotal)
    "lonely_average_none.by_stype.total.enroll.E": [2109717.1268348661, 769899.33309418394],
    # svyby(~enroll, ~stype, lonely_average_none, svytotal)
    "lonely_average_none.by_stype.total.enroll.H": [535594.86956787028, 205994.45319669164],
    # svyby(~enroll, ~stype, lonely_average_none, svytotal)
    "lonely_average_none.by_stype.total.enroll.M": [759628.13812637213, 216381.88581490747],
    # ---- options(survey.lonely.psu = "average"); lonely_average_N <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~N, data = lon)
    # degf(lonely_average_N)
    "lonely_average_N.degf": [12],
    # svymean(~api00, lonely_average_N, deff = TRUE)
    "lonely_average_N.mean.api00": [
        644.16939890710387,
        28.245325346547943,
        13.452942383254308,
        588.80957849625361,
        699.52921931795413,
        582.6281216639203,
        705.71067615028744,
    ],
    # svytotal(~enroll, lonely_average_N, deff = TRUE)
    "lonely_average_N.total.enroll": [
        3404940.1345291086,
        1139559.2844327497,
        46.7859209059324,
        1171444.9787926842,
        5638435.2902655331,
        922053.74544062698,
        5887826.5236175898,
    ],
    # svyratio(~api00, ~api99, lonely_average_N)
    "lonely_average_N.ratio.api00_api99": [
        1.061272810752901,
        0.0065061313227587,
        nan,
        1.0485210276816059,
        1.0740245938241961,
        1.0470971683553745,
        1.0754484531504276,
    ],
    # svyby(~api00, ~stype, lonely_average_N, svymean)
    "lonely_average_N.by_stype.mean.api00.E": [648.86805555555554, 26.715512223727302],
    # svyby(~api00, ~stype, lonely_average_N, svymean)
    "lonely_average_N.by_stype.mean.api00.H": [618.57142857142856, 38.865097621783619],
    # svyby(~api00, ~stype, lonely_average_N, svymean)
    "lonely_average_N.by_stype.mean.api00.M": [631.44000000000005, 30.921343088946184],
    # svyby(~enroll, ~stype, lonely_average_N, svytotal)
    "lonely_average_N.by_stype.total.enroll.E": [2109717.1268348661, 762613.48448077636],
    # svyby(~enroll, ~stype, lonely_average_N, svytotal)
    "lonely_average_N.by_stype.total.enroll.H": [535594.86956787028, 204131.23952536561],
    # svyby(~enroll, ~stype, lonely_average_N, svytotal)
    "lonely_average_N.by_stype.total.enroll.M": [759628.13812637213, 214371.0564159338],
    # ---- options(survey.lonely.psu = "fail"): the lonely stratum c is fully sampled (fpc 1), so it is not lonely
    # lonely_fail_certainN <- svydesign(id = ~dnum, strata = ~st, weights = ~pw, fpc = ~Ncert, data = lon)
    # svymean(~api00, lonely_fail_certainN, deff = TRUE)
    "lonely_fail_certainN.mean.api00": [
        644.16939890710387,
        23.062211572647634,
        8.9686282555028711,
        598.96829482087173,
        689.370502993336,
        593.92115645211913,
        694.4176413620886,
    ],
    # ---- rclus1 <- as.svrepdesign(dclus1, type = "JK1")
    # degf(rclus1)
    "rclus1.degf": [14],
    # rclus1$scale
    "rclus1.scale": [0.91483927785116681],
    # rclus1$rscales
    "rclus1.rscales": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    # svymean(~api00, rclus1, deff = TRUE)
    "rclus1.mean.api00": [
        644.16939890710375,
        26.329360589527564,
        11.689737092138804,
        592.56480041566147,
        695.77399739854604,
        587.69853681329732,
        700.64026100091019,
    ],
    # svytotal(~enroll, rclus1, deff = TRUE, na.rm = TRUE)
    "rclus1.total.enroll": [
        3404940.1345291086,
        932235.0270412137,
        31.310656094349426,
        1577793.0564016069,
        5232087.2126566106,
        1405494.8585204196,
        5404385.410537798,
    ],
    # svymean(~stype, rclus1)
    "rclus1.mean.stype": [
        0.78688524590163933,
        0.07650273224043716,
        0.13661202185792348,
        0.051441313470185525,
        0.027779902953805079,
        0.033174300039465469,
    ],
    # svyratio(~api00, ~api99, rclus1)
    "rclus1.ratio.api00_api99": [
        1.061272810752901,
        0.0064387738506979861,
        nan,
        1.0486530459009347,
        1.0738925756048674,
        1.0474630143114108,
        1.0750826071943913,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1, method = "logit")
    "rclus1.ciprop.sch_wide.logit": [
        0.87431693988704007,
        0.020556014253966522,
        0.82346354827010504,
        0.91208536451205791,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1, method = "beta")
    "rclus1.ciprop.sch_wide.beta": [
        0.87431693989071035,
        0.020556014253966522,
        0.82314207130285388,
        0.91506159734842507,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1, method = "mean")
    "rclus1.ciprop.sch_wide.mean": [
        0.87431693989071035,
        0.020556014253966522,
        0.83022867416215429,
        0.91840520561926642,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1, method = "xlogit")
    "rclus1.ciprop.sch_wide.xlogit": [
        0.87431693989071035,
        0.020556014253966522,
        0.82324138337557706,
        0.91220777127920905,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1, method = "asin")
    "rclus1.ciprop.sch_wide.asin": [
        0.87431693989071035,
        0.020556014253966522,
        0.82705279102423168,
        0.91496959492133578,
    ],
    # svyby(~api00, ~stype, rclus1, svymean, deff = TRUE)
    "rclus1.by_stype.mean.api00.E": [648.86805555555554, 25.374303552398203, 8.476554921893598],
    # svyby(~api00, ~stype, rclus1, svymean, deff = TRUE)
    "rclus1.by_stype.mean.api00.H": [618.57142857142856, 46.344121745186008, 3.3107403513339935],
    # svyby(~api00, ~stype, rclus1, svymean, deff = TRUE)
    "rclus1.by_stype.mean.api00.M": [631.43999999999994, 33.687619998631355, 2.4577827561792147],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1, svyciprop, vartype = "ci", method = "beta")
    "rclus1.by_stype.ciprop_beta.E": [0.91666666666666674, 0.85056903923207183, 0.95997011899786677],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1, svyciprop, vartype = "ci", method = "beta")
    "rclus1.by_stype.ciprop_beta.H": [0.7857142857142857, 0.4974656631644378, 0.951767620549825],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1, svyciprop, vartype = "ci", method = "beta")
    "rclus1.by_stype.ciprop_beta.M": [0.68000000000000005, 0.39155120603853216, 0.89286773307424627],
    # degf(subset(rclus1, stype == "E"))
    "rclus1.degf.stype.E": [14],
    # degf(subset(rclus1, stype == "H"))
    "rclus1.degf.stype.H": [7],
    # degf(subset(rclus1, stype == "M"))
    "rclus1.degf.stype.M": [11],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1, family = quasibinomial())
    "rclus1.glm.coef": [1.7261001737154844, 0.040094801762827342, -0.020788310850582924, 0.014580365535445665],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1, family = quasibinomial())
    "rclus1.glm.se": [0.84740023174772472, 0.014598043125949608, 0.010549342817996665, 0.037589109924184821],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1, family = quasibinomial())
    "rclus1.glm.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = rclus1, family = quasibinomial()))
    "rclus1.glm.ci": [
        -0.13901516101947298,
        0.0079647254762345021,
        -0.044007257841712888,
        -0.068152707588738454,
        3.5912155084504418,
        0.072224878049420183,
        0.0024306361405470392,
        0.097313438659629797,
    ],
    # ---- rstrat <- as.svrepdesign(dstrat, type = "JKn")
    # degf(rstrat)
    "rstrat.degf": [197],
    # rstrat$scale
    "rstrat.scale": [1],
    # rstrat$rscales
    "rstrat.rscales": [
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.96760687627233655,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.93186640471512772,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
        0.9150993377483444,
    ],
    # svymean(~api00, rstrat, deff = TRUE)
    "rstrat.mean.api00": [
        662.28736315932076,
        9.4089408027845032,
        1.2044572685376971,
        643.84617805319374,
        680.72854826544778,
        643.73218827208643,
        680.84253804655509,
    ],
    # svytotal(~enroll, rstrat, deff = TRUE, na.rm = TRUE)
    "rstrat.total.enroll": [
        3687177.5324382801,
        114641.71610078026,
        0.36201812236340342,
        3462483.8977548853,
        3911871.1671216749,
        3461095.0077195442,
        3913260.0571570159,
    ],
    # svymean(~stype, rstrat)
    "rstrat.mean.stype": [
        0.71375523706774757,
        0.12189215760224134,
        0.16435260533001114,
        1.0920931996588249e-15,
        2.3212878948387297e-16,
        1.8945761599942823e-16,
    ],
    # svyratio(~api00, ~api99, rstrat)
    "rstrat.ratio.api00_api99": [
        1.0522605462182486,
        0.0036441892400615019,
        nan,
        1.0451180665548796,
        1.0594030258816176,
        1.0450739170228021,
        1.0594471754136952,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rstrat, method = "logit")
    "rstrat.ciprop.sch_wide.logit": [0.82794801100195725, 0.024344780113074758, 0.77392992105759861, 0.87120676512133],
    # svyciprop(~I(sch.wide == "Yes"), rstrat, method = "beta")
    "rstrat.ciprop.sch_wide.beta": [
        0.82794801141582353,
        0.024344780113074758,
        0.77417132859731275,
        0.87343159262073533,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rstrat, method = "mean")
    "rstrat.ciprop.sch_wide.mean": [
        0.82794801141582353,
        0.024344780113074758,
        0.77993818097288103,
        0.87595784185876602,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rstrat, method = "xlogit")
    "rstrat.ciprop.sch_wide.xlogit": [
        0.82794801141582353,
        0.024344780113074758,
        0.77453965474676834,
        0.87081485494359878,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rstrat, method = "asin")
    "rstrat.ciprop.sch_wide.asin": [
        0.82794801141582353,
        0.024344780113074758,
        0.77741790823431955,
        0.87317883414990261,
    ],
    # svyby(~api00, ~stype, rstrat, svymean, deff = TRUE)
    "rstrat.by_stype.mean.api00.E": [674.42999999999995, 12.382479793907278, 1.0000000004792535],
    # svyby(~api00, ~stype, rstrat, svymean, deff = TRUE)
    "rstrat.by_stype.mean.api00.H": [625.82000000000005, 14.937129185393131, 0.99999999820831209],
    # svyby(~api00, ~stype, rstrat, svymean, deff = TRUE)
    "rstrat.by_stype.mean.api00.M": [636.60000000000002, 16.214707308184476, 0.99999999845154497],
    # svyby(~I(sch.wide == "Yes"), ~stype, rstrat, svyciprop, vartype = "ci", method = "beta")
    "rstrat.by_stype.ciprop_beta.E": [0.91000000000000003, 0.8366077769546586, 0.95776726616652652],
    # svyby(~I(sch.wide == "Yes"), ~stype, rstrat, svyciprop, vartype = "ci", method = "beta")
    "rstrat.by_stype.ciprop_beta.H": [0.52000000000000002, 0.37770830209023987, 0.65995536358456042],
    # svyby(~I(sch.wide == "Yes"), ~stype, rstrat, svyciprop, vartype = "ci", method = "beta")
    "rstrat.by_stype.ciprop_beta.M": [0.70000000000000007, 0.55633520412003057, 0.81970717881203381],
    # degf(subset(rstrat, stype == "E"))
    "rstrat.degf.stype.E": [99],
    # degf(subset(rstrat, stype == "H"))
    "rstrat.degf.stype.H": [49],
    # degf(subset(rstrat, stype == "M"))
    "rstrat.degf.stype.M": [49],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rstrat, family = quasibinomial())
    "rstrat.glm.coef": [0.8358365250542884, -0.0024896357495189174, -0.0031523651115031772, 0.060896778706658002],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rstrat, family = quasibinomial())
    "rstrat.glm.se": [0.4762038186089006, 0.014025254726198135, 0.0096029412021922059, 0.034350645219534418],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rstrat, family = quasibinomial())
    "rstrat.glm.df": [194],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = rstrat, family = quasibinomial()))
    "rstrat.glm.ci": [
        -0.10336480527967762,
        -0.030151190282193614,
        -0.0220919342618821,
        -0.006851883583077388,
        1.7750378553882549,
        0.025171918783155792,
        0.015787204038875756,
        0.12864544099639341,
    ],
    # ---- rclus1_mse <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
    # degf(rclus1_mse)
    "rclus1_mse.degf": [14],
    # rclus1_mse$scale
    "rclus1_mse.scale": [0.91483927785116681],
    # rclus1_mse$rscales
    "rclus1_mse.rscales": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    # svymean(~api00, rclus1_mse, deff = TRUE)
    "rclus1_mse.mean.api00": [
        644.16939890710375,
        26.334857668459147,
        11.694618799413746,
        592.55402633893539,
        695.78477147527212,
        587.68674675158252,
        700.65205106262499,
    ],
    # svytotal(~enroll, rclus1_mse, deff = TRUE, na.rm = TRUE)
    "rclus1_mse.total.enroll": [
        3404940.1345291086,
        932235.0270412137,
        31.310656094349426,
        1577793.0564016069,
        5232087.2126566106,
        1405494.8585204196,
        5404385.410537798,
    ],
    # svymean(~stype, rclus1_mse)
    "rclus1_mse.mean.stype": [
        0.78688524590163933,
        0.07650273224043716,
        0.13661202185792348,
        0.051481345976338057,
        0.027789427472076793,
        0.033199853117200834,
    ],
    # svyratio(~api00, ~api99, rclus1_mse)
    "rclus1_mse.ratio.api00_api99": [
        1.061272810752901,
        0.0064388781945498791,
        nan,
        1.048652841390743,
        1.0738927801150591,
        1.0474627905161062,
        1.0750828309896958,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1_mse, method = "logit")
    "rclus1_mse.ciprop.sch_wide.logit": [
        0.87431693988704007,
        0.020558372109385759,
        0.82346316145320431,
        0.91208557787671651,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1_mse, method = "beta")
    "rclus1_mse.ciprop.sch_wide.beta": [
        0.87431693989071035,
        0.020558372109385759,
        0.82313534298384183,
        0.91506587734104239,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1_mse, method = "mean")
    "rclus1_mse.ciprop.sch_wide.mean": [
        0.87431693989071035,
        0.020558372109385759,
        0.83022361706523906,
        0.91841026271618165,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1_mse, method = "xlogit")
    "rclus1_mse.ciprop.sch_wide.xlogit": [
        0.87431693989071035,
        0.020558372109385759,
        0.82323468653615273,
        0.91221145678621252,
    ],
    # svyciprop(~I(sch.wide == "Yes"), rclus1_mse, method = "asin")
    "rclus1_mse.ciprop.sch_wide.asin": [
        0.87431693989071035,
        0.020558372109385759,
        0.82704702130451524,
        0.91497385006261134,
    ],
    # svyby(~api00, ~stype, rclus1_mse, svymean, deff = TRUE)
    "rclus1_mse.by_stype.mean.api00.E": [648.86805555555554, 25.380122540309987, 8.480443156797989],
    # svyby(~api00, ~stype, rclus1_mse, svymean, deff = TRUE)
    "rclus1_mse.by_stype.mean.api00.H": [618.57142857142856, 46.359577638221516, 3.3129490017325569],
    # svyby(~api00, ~stype, rclus1_mse, svymean, deff = TRUE)
    "rclus1_mse.by_stype.mean.api00.M": [631.43999999999994, 33.687692042207338, 2.4577932685067752],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1_mse, svyciprop, vartype = "ci", method = "beta")
    "rclus1_mse.by_stype.ciprop_beta.E": [0.91666666666666674, 0.85050863868237203, 0.95999605227679263],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1_mse, svyciprop, vartype = "ci", method = "beta")
    "rclus1_mse.by_stype.ciprop_beta.H": [0.7857142857142857, 0.49746130671383998, 0.95176895942724837],
    # svyby(~I(sch.wide == "Yes"), ~stype, rclus1_mse, svyciprop, vartype = "ci", method = "beta")
    "rclus1_mse.by_stype.ciprop_beta.M": [0.68000000000000005, 0.39152938137366672, 0.8928792940541308],
    # degf(subset(rclus1_mse, stype == "E"))
    "rclus1_mse.degf.stype.E": [14],
    # degf(subset(rclus1_mse, stype == "H"))
    "rclus1_mse.degf.stype.H": [7],
    # degf(subset(rclus1_mse, stype == "M"))
    "rclus1_mse.degf.stype.M": [11],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1_mse, family = quasibinomial())
    "rclus1_mse.glm.coef": [1.7261001737154844, 0.040094801762827342, -0.020788310850582924, 0.014580365535445665],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1_mse, family = quasibinomial())
    "rclus1_mse.glm.se": [0.84832489839147418, 0.014610689886302394, 0.0105650027612131, 0.037773751142185161],
    # svyglm(sch.wide ~ ell + meals + mobility, design = rclus1_mse, family = quasibinomial())
    "rclus1_mse.glm.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = rclus1_mse, family = quasibinomial()))
    "rclus1_mse.glm.ci": [
        -0.14105033858039717,
        0.007936890144374785,
        -0.044041725144340141,
        -0.068559100169498455,
        3.5932506860113662,
        0.072252713381279893,
        0.0024651034431742921,
        0.097719831240389771,
    ],
    # ---- bclus1 <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)
    # (after set.seed(20240607); its PSU multiplicities are in tests/data/apiclus1_bootstrap_multiplicities.csv)
    # degf(bclus1)
    "bclus1.degf": [14],
    # bclus1$scale
    "bclus1.scale": [0.021865889212827987],
    # bclus1$rscales
    "bclus1.rscales": [
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
        1,
    ],
    # svymean(~api00, bclus1, deff = TRUE)
    "bclus1.mean.api00": [
        644.16939890710375,
        22.259091643328425,
        8.3548564825346165,
        600.54238095760354,
        687.79641685660397,
        596.42839546535049,
        691.91040234885702,
    ],
    # svytotal(~enroll, bclus1, deff = TRUE, na.rm = TRUE)
    "bclus1.total.enroll": [
        3404940.1345291086,
        751962.51766485232,
        20.37200251741984,
        1931120.6821819344,
        4878759.5868762825,
        1792140.936828377,
        5017739.3322298406,
    ],
    # svymean(~stype, bclus1)
    "bclus1.mean.stype": [
        0.78688524590163933,
        0.07650273224043716,
        0.13661202185792348,
        0.042740427093137121,
        0.03152102308199161,
        0.025173195911543163,
    ],
    # svyratio(~api00, ~api99, bclus1)
    "bclus1.ratio.api00_api99": [
        1.061272810752901,
        0.0061364659152895835,
        nan,
        1.0492455585665759,
        1.0733000629392262,
        1.0481114003469265,
        1.0744342211588755,
    ],
    # svyciprop(~I(sch.wide == "Yes"), bclus1, method = "logit")
    "bclus1.ciprop.sch_wide.logit": [
        0.87431693988704007,
        0.016573136678676641,
        0.83336347124449583,
        0.90633668674447987,
    ],
    # svyciprop(~I(sch.wide == "Yes"), bclus1, method = "beta")
    "bclus1.ciprop.sch_wide.beta": [
        0.87431693989071035,
        0.016573136678676641,
        0.83422544603432125,
        0.90769200959117757,
    ],
    # svyciprop(~I(sch.wide == "Yes"), bclus1, method = "mean")
    "bclus1.ciprop.sch_wide.mean": [
        0.87431693989071035,
        0.016573136678676641,
        0.83877109696524244,
        0.90986278281617827,
    ],
    # svyciprop(~I(sch.wide == "Yes"), bclus1, method = "xlogit")
    "bclus1.ciprop.sch_wide.xlogit": [
        0.87431693989071035,
        0.016573136678676641,
        0.83427077934170046,
        0.90577935578484625,
    ],
    # svyciprop(~I(sch.wide == "Yes"), bclus1, method = "asin")
    "bclus1.ciprop.sch_wide.asin": [
        0.87431693989071035,
        0.016573136678676641,
        0.83668924213482099,
        0.90764476788205684,
    ],
    # svyby(~api00, ~stype, bclus1, svymean, deff = TRUE)
    "bclus1.by_stype.mean.api00.E": [648.86805555555554, 21.378162335655922, 6.0168870564102024],
    # svyby(~api00, ~stype, bclus1, svymean, deff = TRUE)
    "bclus1.by_stype.mean.api00.H": [618.57142857142856, 34.777978429615409, 1.8644231072512445],
    # svyby(~api00, ~stype, bclus1, svymean, deff = TRUE)
    "bclus1.by_stype.mean.api00.M": [631.43999999999994, 31.482336039045194, 2.1465288715151534],
    # svyby(~I(sch.wide == "Yes"), ~stype, bclus1, svyciprop, vartype = "ci", method = "beta")
    "bclus1.by_stype.ciprop_beta.E": [0.91666666666666674, 0.86357189683481794, 0.95397050370542913],
    # svyby(~I(sch.wide == "Yes"), ~stype, bclus1, svyciprop, vartype = "ci", method = "beta")
    "bclus1.by_stype.ciprop_beta.H": [0.7857142857142857, 0.56704664257246185, 0.92702171659256039],
    # svyby(~I(sch.wide == "Yes"), ~stype, bclus1, svyciprop, vartype = "ci", method = "beta")
    "bclus1.by_stype.ciprop_beta.M": [0.68000000000000005, 0.43903712144976642, 0.86627864838871571],
    # degf(subset(bclus1, stype == "E"))
    "bclus1.degf.stype.E": [14],
    # degf(subset(bclus1, stype == "H"))
    "bclus1.degf.stype.H": [7],
    # degf(subset(bclus1, stype == "M"))
    "bclus1.degf.stype.M": [11],
    # svyglm(sch.wide ~ ell + meals + mobility, design = bclus1, family = quasibinomial())
    "bclus1.glm.coef": [1.7261001737154844, 0.040094801762827342, -0.020788310850582924, 0.014580365535445665],
    # svyglm(sch.wide ~ ell + meals + mobility, design = bclus1, family = quasibinomial())
    "bclus1.glm.se": [0.86487090200084182, 0.01503752336691869, 0.010723416813857377, 0.03408859989914708],
    # svyglm(sch.wide ~ ell + meals + mobility, design = bclus1, family = quasibinomial())
    "bclus1.glm.df": [11],
    # confint(svyglm(sch.wide ~ ell + meals + mobility, design = bclus1, family = quasibinomial()))
    "bclus1.glm.ci": [
        -0.17746784698343809,
        0.0069974359877080575,
        -0.04439039212336017,
        -0.060448136970878384,
        3.6296681944144069,
        0.073192167537946634,
        0.0028137704221943213,
        0.089608868041769707,
    ],
}
