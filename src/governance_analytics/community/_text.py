"""Chinese text helpers for resident messages: jieba segmentation with a governance dictionary,
stop words, masking of house numbers and plates before a text is shown (phone and ID numbers:
:func:`governance_analytics.safe_text.scrub_pii`), and the document a classifier
reads for a message (title and text).

The segmenter is a private :class:`jieba.Tokenizer` (the global ``jieba`` dictionary is left as the
user has it), built once per process on first use, with jieba's start-up messages kept off stderr.
Segmentation of a text is cached, so that cross-validation, which cuts every text once per fold,
pays for it once.

References
----------
Sun, J. (2012–2020) jieba: Chinese text segmentation, https://github.com/fxsjy/jieba (a prefix
dictionary DAG with maximum-probability path, and an HMM for words not in the dictionary).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import jieba
import pandas as pd

from governance_analytics.safe_text import scrub_pii

__all__ = [
    "DOMAIN_WORDS",
    "STOP_WORDS",
    "JiebaTokenizer",
    "message_documents",
    "scrub_addresses",
    "scrub_pii",
    "segment",
]

#: Words of urban and community governance that jieba's general dictionary splits or does not know.
#: Added to the segmenter so that each comes out as one token: "网格员" must not become "网格 / 员",
#: nor "加装电梯" "加装 / 电梯" — the whole word is what tells one department's messages from another's.
#: Sources: the grid-management and community-governance vocabulary of the domain text (seed section
#: B–F) and the themes of the 12345 hotline and 留言 boards.
DOMAIN_WORDS: tuple[str, ...] = (
    # grid management and the hotline
    "网格员",
    "网格化",
    "网格长",
    "12345",
    "市民热线",
    "城管",
    "数字城管",
    "综合执法",
    # the actors of a residential community
    "居委会",
    "村委会",
    "业委会",
    "业主委员会",
    "业主大会",
    "物业",
    "物业公司",
    "物业费",
    "物业管理",
    "社区工作者",
    "街道办",
    # recurring problems
    "垃圾分类",
    "加装电梯",
    "老旧小区",
    "停车位",
    "停车难",
    "噪音扰民",
    "噪声扰民",
    "油烟扰民",
    "群租房",
    "违章搭建",
    "私搭乱建",
    "占道经营",
    "消防通道",
    "僵尸车",
    "广场舞",
    "渣土车",
    "棚户区改造",
    # services
    "养老服务",
    "日间照料",
    "老年食堂",
    "居家养老",
    "居住证",
    "低保",
    "公积金",
    "医保",
    "社保",
)

_FUNCTION_WORDS = (
    "的 了 是 在 和 有 我 我们 你 你们 您 他 他们 她 它 这 那 就 都 也 还 又 与 及 或 但 而 被 把 对 "
    "为 以 于 从 到 给 让 向 等 之 其 该 此 个 一个 这个 那个 这些 那些 什么 怎么 如何 为什么 因为 所以 "
    "如果 虽然 已经 没有 不 很 非常 能 会 要 可以 吗 呢 吧 啊 着 过 得 地 上 下 中 里 后 前 时"
)
_POLITE_FORMULAS = "请 请问 您好 你好 谢谢 感谢 尊敬 希望 恳请 望"
_EVERY_MESSAGE = "问题 反映 情况 相关 有关 部门 领导 现在 目前 一直 进行 能否 是否 年 月 日 号"

#: Tokens dropped before counting (a small built-in list; nothing is downloaded). Three groups:
#: function words and pronouns; polite formulas of a letter to the government; words that occur in
#: nearly every 留言 whatever its subject (问题, 反映, 部门 …) and so carry no class.
STOP_WORDS: frozenset[str] = (
    frozenset(_FUNCTION_WORDS.split()) | frozenset(_POLITE_FORMULAS.split()) | frozenset(_EVERY_MESSAGE.split())
)

_QUIET = threading.Lock()
_DROP = re.compile(r"[\W_]+|[\d.,:/%\-+]+")  # tokens of punctuation and spaces only, plain numbers
# runs of 6+ digits (phone, ID, order numbers) are blanked before segmenting: no word is in them, and
# jieba would otherwise cut a domain word such as 12345 out of a phone number
_LONG_NUMBER = re.compile(r"\d{6,}[Xx]?")


def _build() -> jieba.Tokenizer:
    """A jieba tokenizer with :data:`DOMAIN_WORDS` added, initialised with its log kept quiet."""
    logger = jieba.default_logger
    tokenizer = jieba.Tokenizer()
    with _QUIET:
        level = logger.level
        logger.setLevel(logging.WARNING)  # "Building prefix dict ..." goes to stderr at DEBUG
        try:
            tokenizer.initialize()
            for word in DOMAIN_WORDS:
                tokenizer.add_word(word)
        finally:
            logger.setLevel(level)
    return tokenizer


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    return _build()


@lru_cache(maxsize=20_000)
def segment(text: str) -> tuple[str, ...]:
    """Every jieba word of ``text`` (HMM on for unknown words), stop words and numbers included.

    Cached for the last 20,000 texts: segmenting a message a second time (the next fold of a
    cross-validation) costs a dictionary lookup.
    """
    return tuple(_tokenizer().lcut(text, HMM=True))


class JiebaTokenizer:
    """Callable text → tokens for :class:`~sklearn.feature_extraction.text.TfidfVectorizer`.

    Blanks runs of six or more digits (phone, ID and order numbers), segments with jieba and
    :data:`DOMAIN_WORDS`, then drops whitespace and punctuation, plain numbers (dates, amounts — the
    domain word ``12345`` is kept), tokens shorter than ``min_chars`` and, when ``stop_words`` is
    true, :data:`STOP_WORDS`. Holds only its options, so that it pickles and clones cheaply (the
    segmenter is shared by the process).

    Parameters
    ----------
    stop_words
        Drop :data:`STOP_WORDS`.
    extra_stop_words
        More tokens to drop.
    min_chars
        Drop shorter tokens: 2 keeps words and drops single characters (一, 楼, 车), the convention of
        keyword extraction (``jieba.analyse``); a classifier keeps them (1).
    """

    def __init__(self, *, stop_words: bool = True, extra_stop_words: Iterable[str] = (), min_chars: int = 1) -> None:
        self.stop_words = stop_words
        self.extra_stop_words = tuple(extra_stop_words)
        self.min_chars = min_chars

    def __call__(self, text: str) -> list[str]:
        drop = (STOP_WORDS if self.stop_words else frozenset()) | frozenset(self.extra_stop_words)
        keep = frozenset(DOMAIN_WORDS)
        words = (t.strip() for t in segment(_LONG_NUMBER.sub(" ", text)))
        return [
            w
            for w in words
            if w and (w in keep or (len(w) >= self.min_chars and w not in drop and not _DROP.fullmatch(w)))
        ]

    def _key(self) -> tuple:
        return self.stop_words, self.extra_stop_words, self.min_chars

    def __repr__(self) -> str:
        return (
            f"JiebaTokenizer(stop_words={self.stop_words}, extra_stop_words={self.extra_stop_words}, "
            f"min_chars={self.min_chars})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JiebaTokenizer) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())


# a house, building, unit, room or floor number: arabic digits before 号楼 / 栋 / 单元 / 室 …, or
# Chinese numerals before the words that name a house or a building part (十二号, 三号楼, 五单元,
# 二〇一室; not 一楼住户)
_HOUSE_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[0-9０-９]{1,5}(?=\s*(?:号楼|号院|号|栋|幢|座|单元|室|层|楼|弄|巷))"
    r"|[一二三四五六七八九十百千零〇两]+(?=(?:号楼|号院|号|栋|幢|单元|室|弄))"
)
# a mainland vehicle plate (GA 36): province character, letter, 5 (6 for new-energy) letters or digits
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•\s]?"
    r"[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]{1,2}(?![A-Za-z0-9])"
)


def scrub_addresses(text: str | None, *, mark: str = "×", plate: str = "[车牌]") -> str | None:
    """``text`` with house, building, unit, room and floor numbers masked and vehicle plates replaced.

    For showing a message as an example: together with a community's name, ``3号楼2单元502室`` is an
    exact address, and a plate identifies its owner (DESIGN.md, invariant 3; GB/T 35273-2020 annex
    A). Arabic numbers (half- or full-width, up to 5 digits) before 号楼, 号院, 号, 栋, 幢, 座, 单元,
    室, 层, 楼, 弄, 巷 and Chinese numerals before 号楼, 号院, 号, 栋, 幢, 单元, 室, 弄 become ``mark``
    (``×号楼×单元×室``); a mainland plate (``皖A12345``, ``粤B·D12345``) becomes ``plate``. Street
    and community names are kept: they name areas, not homes. A date written ``5号`` is masked too
    (harmless); a number written out in words (``三十二号楼``) is masked, one spelled ``32 号 楼``
    with spaces inside the word is not.

    >>> scrub_addresses("幸福路88号3单元502室，车牌皖A12345，一楼住户")
    '幸福路×号×单元×室，车牌[车牌]，一楼住户'
    """
    if text is None or not isinstance(text, str):
        return text
    return _HOUSE_NUMBER.sub(mark, _PLATE.sub(plate, text))


def message_documents(messages: pd.DataFrame) -> pd.Series:
    """The text a classifier reads for each message: ``title`` and ``text`` on two lines (the text
    alone when there is no title), indexed like ``messages``."""
    text = messages["text"].astype("str").where(messages["text"].notna(), "")
    if "title" not in messages:
        return text
    title = messages["title"]
    return (title.astype("str") + "\n" + text).where(title.notna() & (title.astype("str") != ""), text)
