"""What residents say: classify resident messages (留言), find each community's keywords, and turn
messages into indicators — the share of messages per problem and the days to a reply; pick the
typical messages of a topic to show (:func:`typical_messages`), masked with :func:`scrub_pii` and
:func:`scrub_addresses`.

>>> clf = MessageClassifier(seed=0).fit(message_documents(train), train["label"])   # doctest: +SKIP
>>> cv = cross_validate(message_documents(labelled), labelled["label"], seed=0)     # doctest: +SKIP
>>> cv.summary()                                                                     # doctest: +SKIP
'macro-F1 0.65 ± 0.04 over 5 stratified folds (n = 297); majority-class baseline 0.05'

A classifier is judged on messages it has never seen: :func:`cross_validate` reports stratified
k-fold figures only (per-fold macro-F1, their mean ± sd, per-class precision/recall/F1 and the
confusion matrix of the out-of-fold predictions), never the accuracy on the training messages.

The text model is the standard bag-of-words pipeline: jieba segmentation with a governance
dictionary (:mod:`._text`), TF-IDF weights of words and word pairs, and a linear classifier.

References
----------
Manning, C. D., Raghavan, P. & Schütze, H. (2008) *Introduction to Information Retrieval*, ch. 6
(tf-idf), 13–14 (text classification), 13.6 (macro-averaged F1). Pedregosa, F. et al. (2011)
Scikit-learn: machine learning in Python, *JMLR* 12, 2825–2830. Forman, G. (2008) Quantifying counts
and costs via classification, *Data Mining and Knowledge Discovery* 17, 164–206 (classify and count).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    classification_report,
    confusion_matrix,
    f1_score,
    make_scorer,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.model_selection import cross_validate as _sk_cross_validate
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from governance_analytics.community._message_examples import typical_messages
from governance_analytics.community._message_indicators import (
    TOPIC_PROBLEMS,
    pooled_shares,
    problem_message_shares,
    problem_shares,
    reply_times,
)
from governance_analytics.community._text import (
    DOMAIN_WORDS,
    STOP_WORDS,
    JiebaTokenizer,
    message_documents,
    scrub_addresses,
    scrub_pii,
)

__all__ = [
    "TOPIC_PROBLEMS",
    "problem_message_shares",
    "DOMAIN_WORDS",
    "MODELS",
    "STOP_WORDS",
    "CrossValidation",
    "MessageClassifier",
    "cross_validate",
    "message_documents",
    "pooled_shares",
    "problem_shares",
    "reply_times",
    "scrub_addresses",
    "scrub_pii",
    "top_terms",
    "topic_keywords",
    "typical_messages",
]

#: Linear models the classifier can use.
MODELS = ("logistic", "linear_svc")

Texts: TypeAlias = Sequence[str] | pd.Series | np.ndarray


def _as_texts(texts: Texts) -> list[str]:
    """A list of str; a missing text is the empty text."""
    values = texts.tolist() if isinstance(texts, (pd.Series, np.ndarray)) else list(texts)
    return [v if isinstance(v, str) else "" if v is None or pd.isna(v) else str(v) for v in values]


def _as_labels(labels: Sequence[str] | pd.Series | np.ndarray, n: int) -> np.ndarray:
    """Labels as an array of str, one per text; none may be missing."""
    values = np.asarray(pd.Series(labels).tolist(), dtype=object)
    if len(values) != n:
        raise ValueError(f"labels: {len(values)} labels for {n} texts")
    missing = pd.isna(values)
    if missing.any():
        raise ValueError(
            f"labels: {int(missing.sum())} missing (first at position {int(np.argmax(missing))}); "
            "leave unlabelled messages out of fit"
        )
    return values.astype(str)


class MessageClassifier(ClassifierMixin, BaseEstimator):
    """Classify resident messages (Chinese text) into categories: department classes, problems, topics.

    Pipeline: :class:`~governance_analytics.community._text.JiebaTokenizer` (jieba with the domain
    words, stop words and numbers dropped) → :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
    (word n-grams; ``tf = 1 + log(count)`` when ``sublinear_tf``; ``idf = ln((1 + n) / (1 + df)) + 1``;
    rows L2-normalised) → a linear model: multinomial logistic regression (``"logistic"``, which
    gives probabilities directly) or a linear SVM whose scores are calibrated to probabilities by
    Platt's sigmoid on internal stratified folds (``"linear_svc"``).

    Parameters
    ----------
    model
        ``"logistic"`` or ``"linear_svc"``.
    ngram_range
        Smallest and largest number of consecutive words in a feature.
    min_df
        A feature must occur in at least this many training messages.
    sublinear_tf
        Count a word ``1 + log(count)`` times rather than ``count``.
    class_weight
        ``"balanced"`` weights each class by ``n / (k × n_class)``, so that small departments count;
        ``None`` weights every message alike.
    C
        Inverse strength of the L2 penalty.
    stop_words
        Drop the built-in :data:`STOP_WORDS`.
    seed
        Seed of the SVM's coordinate descent and the calibration folds.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted vectorizer (``"tfidf"``) and model (``"model"``).
    classes_ : ndarray of str
        The categories, in the order of the columns of :meth:`predict_proba`.
    n_features_ : int
        Number of n-gram features kept.

    References
    ----------
    Platt, J. (1999) Probabilistic outputs for support vector machines. In *Advances in Large Margin
    Classifiers*, MIT Press. Manning, Raghavan & Schütze (2008), ch. 6 and 14.
    """

    def __init__(
        self,
        *,
        model: str = "logistic",
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        sublinear_tf: bool = True,
        class_weight: str | None = "balanced",
        C: float = 1.0,
        stop_words: bool = True,
        seed: int = 0,
    ) -> None:
        self.model = model
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.class_weight = class_weight
        self.C = C
        self.stop_words = stop_words
        self.seed = seed

    def _model(self, labels: np.ndarray) -> LogisticRegression | CalibratedClassifierCV:
        if self.model == "logistic":
            return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, random_state=self.seed)
        if self.model == "linear_svc":
            smallest = int(pd.Series(labels).value_counts().min())
            if smallest < 2:
                raise ValueError(
                    "model='linear_svc' calibrates on internal folds and needs at least 2 messages "
                    "in every class; use model='logistic'"
                )
            folds = StratifiedKFold(min(3, smallest), shuffle=True, random_state=self.seed)
            svc = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.seed, max_iter=5000)
            return CalibratedClassifierCV(svc, method="sigmoid", cv=folds)
        raise ValueError(f"model: expected one of {MODELS}, got {self.model!r}")

    def fit(self, texts: Texts, labels: Sequence[str] | pd.Series | np.ndarray) -> MessageClassifier:
        """Learn the vocabulary, the idf weights and the linear model from labelled messages.

        Parameters
        ----------
        texts
            One text per message (see :func:`message_documents`); missing texts count as empty.
        labels
            One category per text; none may be missing.
        """
        docs = _as_texts(texts)
        y = _as_labels(labels, len(docs))
        if len(np.unique(y)) < 2:
            raise ValueError("labels: at least two categories are needed")
        vectorizer = TfidfVectorizer(
            tokenizer=JiebaTokenizer(stop_words=self.stop_words),
            token_pattern=None,
            lowercase=False,
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            sublinear_tf=self.sublinear_tf,
        )
        pipeline = Pipeline([("tfidf", vectorizer), ("model", self._model(y))])
        # L-BFGS on a few thousand sparse features gains nothing from BLAS threads, and loses up to 15×
        # when they compete with other processes for the cores (as scikit-learn's KMeans does, limit them)
        with threadpool_limits(limits=1, user_api="blas"):
            self.pipeline_ = pipeline.fit(docs, y)
        self.classes_ = self.pipeline_.classes_
        self.n_features_ = len(vectorizer.vocabulary_)
        return self

    def predict(self, texts: Texts) -> np.ndarray:
        """The most probable category of each text."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(_as_texts(texts))

    def predict_proba(self, texts: Texts) -> np.ndarray:
        """Probability of each category (columns in the order of ``classes_``) for each text."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(_as_texts(texts))

    def coefficients(self) -> pd.DataFrame:
        """The linear model's weights: one row per category, one column per n-gram feature.

        For ``"linear_svc"`` the mean of the SVMs fitted on the calibration folds; for two classes
        the second class gets the weights and the first their negatives.
        """
        check_is_fitted(self, "pipeline_")
        model = self.pipeline_.named_steps["model"]
        if isinstance(model, CalibratedClassifierCV):
            coef = np.mean([c.estimator.coef_ for c in model.calibrated_classifiers_], axis=0)
        else:
            coef = model.coef_
        if coef.shape[0] == 1:
            coef = np.vstack([-coef[0], coef[0]])
        names = self.pipeline_.named_steps["tfidf"].get_feature_names_out()
        return pd.DataFrame(coef, index=pd.Index(self.classes_, name="label"), columns=names)


# ------------------------------------------------------------------------------- cross-validation
@dataclass(frozen=True, eq=False)
class CrossValidation:
    """Out-of-sample performance of a message classifier from stratified k-fold cross-validation.

    Attributes
    ----------
    folds : DataFrame
        One row per fold: ``fold``, ``n_train``, ``n_test``, ``macro_f1``, ``accuracy`` (on the fold's
        held-out messages).
    macro_f1, macro_f1_sd : float
        Mean and sample standard deviation (``ddof=1``) of the per-fold macro-F1.
    accuracy, accuracy_sd : float
        The same for accuracy.
    per_class : DataFrame
        ``precision``, ``recall``, ``f1``, ``support`` per category, from the pooled out-of-fold
        predictions (:func:`sklearn.metrics.classification_report`).
    confusion : DataFrame
        Counts of true category (rows, ``true``) × predicted category (columns, ``predicted``) over
        the out-of-fold predictions; sums to ``n``.
    predictions : DataFrame
        ``position`` (in the texts given), ``label``, ``predicted``, ``fold``.
    baseline_macro_f1 : float
        Mean per-fold macro-F1 of always predicting the largest class of the training folds.
    n_splits, seed : int
        The folds and the seed that shuffled them.
    """

    folds: pd.DataFrame
    macro_f1: float
    macro_f1_sd: float
    accuracy: float
    accuracy_sd: float
    per_class: pd.DataFrame
    confusion: pd.DataFrame
    predictions: pd.DataFrame
    baseline_macro_f1: float
    n_splits: int
    seed: int
    classes: tuple[str, ...] = field(default=())

    @property
    def n(self) -> int:
        return len(self.predictions)

    def summary(self) -> str:
        """One line: mean ± sd macro-F1, folds, n and the baseline."""
        return (
            f"macro-F1 {self.macro_f1:.2f} ± {self.macro_f1_sd:.2f} over {self.n_splits} stratified folds "
            f"(n = {self.n}); majority-class baseline {self.baseline_macro_f1:.2f}"
        )

    def misclassified(self, texts: Texts) -> pd.DataFrame:
        """The misclassified messages with their texts, phone and ID numbers masked for showing.

        Parameters
        ----------
        texts
            The texts that were cross-validated, in the same order.
        """
        docs = _as_texts(texts)
        if len(docs) != self.n:
            raise ValueError(f"texts: {len(docs)} given, {self.n} were cross-validated")
        wrong = self.predictions[self.predictions["label"] != self.predictions["predicted"]]
        return wrong.assign(text=[scrub_pii(docs[i]) for i in wrong["position"]]).reset_index(drop=True)


def cross_validate(
    texts: Texts,
    labels: Sequence[str] | pd.Series | np.ndarray,
    *,
    classifier: MessageClassifier | None = None,
    n_splits: int = 5,
    seed: int = 0,
) -> CrossValidation:
    """Stratified k-fold cross-validation of a message classifier.

    The messages are shuffled with ``seed`` and split into ``n_splits`` folds that keep each
    category's share (:class:`~sklearn.model_selection.StratifiedKFold`); a fresh copy of the
    classifier is fitted on every k − 1 folds and predicts the held-out fold, so every message is
    predicted exactly once by a model that never saw it. Macro-F1 is the unweighted mean over the
    categories of ``F1_c = 2 P_c R_c / (P_c + R_c)`` (a category never predicted in a fold scores 0),
    so a small department counts as much as a large one.

    Parameters
    ----------
    texts, labels
        The labelled messages (see :func:`message_documents`).
    classifier
        The configuration to judge (cloned, never fitted itself); default ``MessageClassifier(seed=seed)``.
    n_splits
        Number of folds; every category needs at least this many messages.
    seed
        Shuffles the folds.

    Returns
    -------
    CrossValidation

    References
    ----------
    Kohavi, R. (1995) A study of cross-validation and bootstrap for accuracy estimation and model
    selection, *IJCAI* 14, 1137–1143. Sokolova, M. & Lapalme, G. (2009) A systematic analysis of
    performance measures for classification tasks, *Information Processing & Management* 45, 427–437.
    """
    docs = _as_texts(texts)
    y = _as_labels(labels, len(docs))
    counts = pd.Series(y).value_counts()
    if counts.min() < n_splits:
        raise ValueError(
            f"labels: category {counts.idxmin()!r} has {int(counts.min())} messages, fewer than "
            f"n_splits={n_splits}; merge it or use fewer folds"
        )
    estimator = clone(classifier) if classifier is not None else MessageClassifier(seed=seed)
    folds = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    scoring = {"macro_f1": make_scorer(f1_score, average="macro", zero_division=0), "accuracy": "accuracy"}
    run = _sk_cross_validate(
        estimator, docs, y, cv=folds, scoring=scoring, return_estimator=True, return_indices=True, error_score="raise"
    )
    baseline = _sk_cross_validate(
        DummyClassifier(strategy="most_frequent"), np.zeros((len(y), 1)), y, cv=folds, scoring=scoring["macro_f1"]
    )["test_score"]
    predicted = np.empty(len(y), dtype=object)
    fold_of = np.empty(len(y), dtype=int)
    for k, (model, test) in enumerate(zip(run["estimator"], run["indices"]["test"])):
        predicted[test] = model.predict([docs[i] for i in test])
        fold_of[test] = k
    predicted = predicted.astype(str)
    classes = tuple(np.unique(y))
    table = pd.DataFrame(
        {
            "fold": np.arange(n_splits),
            "n_train": [len(i) for i in run["indices"]["train"]],
            "n_test": [len(i) for i in run["indices"]["test"]],
            "macro_f1": run["test_macro_f1"],
            "accuracy": run["test_accuracy"],
        }
    )
    report = classification_report(y, predicted, labels=list(classes), output_dict=True, zero_division=0)
    per_class = (
        pd.DataFrame({c: report[c] for c in classes})
        .T.rename(columns={"f1-score": "f1"})
        .astype({"support": "int64"})
        .rename_axis("label")
    )
    confusion = pd.DataFrame(
        confusion_matrix(y, predicted, labels=list(classes)),
        index=pd.Index(classes, name="true"),
        columns=pd.Index(classes, name="predicted"),
    )
    predictions = pd.DataFrame({"position": np.arange(len(y)), "label": y, "predicted": predicted, "fold": fold_of})
    return CrossValidation(
        folds=table,
        macro_f1=float(table["macro_f1"].mean()),
        macro_f1_sd=float(table["macro_f1"].std(ddof=1)),
        accuracy=float(table["accuracy"].mean()),
        accuracy_sd=float(table["accuracy"].std(ddof=1)),
        per_class=per_class,
        confusion=confusion,
        predictions=predictions,
        baseline_macro_f1=float(np.mean(baseline)),
        n_splits=n_splits,
        seed=seed,
        classes=classes,
    )


# ------------------------------------------------------------------------------------- vocabulary
def top_terms(classifier: MessageClassifier, *, n: int = 10) -> pd.DataFrame:
    """The n-grams that most raise each category's score: the largest weights of the linear model.

    Parameters
    ----------
    classifier
        A fitted :class:`MessageClassifier`.
    n
        Terms per category.

    Returns
    -------
    DataFrame
        ``label``, ``rank`` (1 = strongest), ``term`` (words joined by a space), ``weight``; ties are
        broken by the term.
    """
    coef = classifier.coefficients()
    rows = []
    for label, weights in coef.iterrows():
        best = weights.rename("weight").rename_axis("term").reset_index()
        best = best.sort_values(["weight", "term"], ascending=[False, True], kind="stable").head(n)
        rows.append(best.assign(label=label, rank=np.arange(1, len(best) + 1)))
    return pd.concat(rows, ignore_index=True)[["label", "rank", "term", "weight"]]


def topic_keywords(
    messages: pd.DataFrame,
    *,
    by: str = "community_id",
    n: int = 10,
    min_df: int = 2,
    max_df: float = 0.9,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """Keywords of each group's messages: the words with the highest TF-IDF weight when all the
    messages of a group (a community) form one document.

    ``score(t, g) = tf(t, g) × idf(t)`` with ``tf = 1 + log(count of t in g)`` and
    ``idf = ln((1 + G) / (1 + df(t))) + 1`` over the ``G`` group documents, L2-normalised per group:
    a word scores high when the group uses it often and few other groups do. Words of two or more
    characters only; stop words and numbers are left out (:class:`~._text.JiebaTokenizer`).

    Parameters
    ----------
    messages
        Canonical ``messages`` (``title``, ``text``, and the ``by`` column).
    by
        Grouping column; messages with a missing group are left out.
    n
        Keywords per group.
    min_df
        A word must occur in at least this many groups: place names used by one community only are
        not taken for its topics.
    max_df
        A word in more than this share of the groups (社区, 小区 …) tells no group from another and is
        left out.
    exclude
        Phrases cut out of the texts before segmenting, e.g. the names of the communities and streets
        (友谊一社区 would otherwise leave 友谊 as a keyword of every 友谊 community).

    Returns
    -------
    DataFrame
        ``by``, ``rank``, ``term``, ``score``, ``n_messages`` (of the group); ties broken by the term.

    References
    ----------
    Manning, Raghavan & Schütze (2008), section 6.2; Salton, G. & Buckley, C. (1988) Term-weighting
    approaches in automatic text retrieval, *Information Processing & Management* 24, 513–523.
    """
    docs = message_documents(messages)
    phrases = sorted({p for p in exclude if isinstance(p, str) and p}, key=len, reverse=True)
    if phrases:
        docs = docs.str.replace("|".join(map(re.escape, phrases)), " ", regex=True)
    keep = messages[by].notna()
    grouped = docs[keep].groupby(messages.loc[keep, by], sort=True)
    corpus, sizes = grouped.agg("\n".join), grouped.size()
    columns = [by, "rank", "term", "score", "n_messages"]
    if corpus.empty:
        return pd.DataFrame(columns=columns)
    vectorizer = TfidfVectorizer(
        tokenizer=JiebaTokenizer(min_chars=2),
        token_pattern=None,
        lowercase=False,
        min_df=min(min_df, len(corpus)),
        max_df=max_df if len(corpus) > 1 else 1.0,
        sublinear_tf=True,
    )
    weights = vectorizer.fit_transform(corpus.tolist()).tocsr()
    terms = vectorizer.get_feature_names_out()
    rows = []
    for i, group in enumerate(corpus.index):
        row = weights.getrow(i)
        top = pd.DataFrame({"term": terms[row.indices], "score": row.data})
        top = top.sort_values(["score", "term"], ascending=[False, True], kind="stable").head(n)
        rows.append(top.assign(**{by: group, "rank": np.arange(1, len(top) + 1), "n_messages": int(sizes[group])}))
    return pd.concat(rows, ignore_index=True)[columns]
