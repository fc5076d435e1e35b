"""Phrases of the resident-messages section."""

TEXT: dict[str, dict[str, str]] = {
    "messages": {"zh": "居民留言", "en": "Resident messages"},
    "messages_intro": {
        "zh": "{period}居民留言的主题及其与{compare}相比的变化、留言所指向的社区治理问题、答复用时、各主要主题的关键词和典型留言。",
        "en": "The topics of residents' messages in {period} and their change on {compare}, the community-governance problems they point to, reply times, and the keywords and typical messages of the leading topics.",
    },
    "messages_intro_total": {
        "zh": "{period}居民留言数与{compare}的比较。",
        "en": "The number of residents' messages in {period} against {compare}.",
    },
    "messages_no_labels": {
        "zh": "留言数据没有主题标注列（topic 或 label），本期不作分主题统计。",
        "en": "The messages carry no topic column (topic or label), so there is no breakdown by topic.",
    },
    "messages_no_replies": {
        "zh": "留言数据没有答复时间（replied_at），不统计答复用时。",
        "en": "The messages carry no reply time (replied_at), so reply times are not measured.",
    },
    "messages_unlabelled": {"zh": "未标注", "en": "unlabelled"},
    "messages_n": {"zh": "留言数", "en": "Messages"},
    "finding_messages_total": {
        "zh": "{period}共收到居民留言 {n} 条，较{compare}（{n_compare} 条）{direction} {pct}{significance}。",
        "en": "Residents sent {n} messages in {period}, {direction} {pct} on {compare} ({n_compare}){significance}.",
    },
    "finding_messages_top": {
        "zh": "留言最多的主题是“{topic}”，{n} 条，占全部留言的 {share}（{compare}为 {n_compare} 条）。",
        "en": "The most frequent topic was “{topic}”: {n} messages, {share} of all ({compare}: {n_compare}).",
    },
    "finding_messages_rise": {
        "zh": "“{topic}”类留言 {n} 条，较{compare}（{n_compare} 条）增加 {pct}{significance}。",
        "en": "“{topic}” messages rose {pct} to {n}, from {n_compare} in {compare}{significance}.",
    },
    "finding_messages_problem": {
        "zh": "{share} 的留言指向“{problem}”（{compare}为 {share_compare}），是留言最集中指向的社区治理问题。",
        "en": "{share} of the messages point to “{problem}” ({compare}: {share_compare}), the problem they point to most.",
    },
    "finding_messages_reply": {
        "zh": "本期留言答复用时中位数 {median} 天（{compare} {median_compare} 天），{share} 在 {limit} 天内答复（{compare} {share_compare}）。",
        "en": "Messages were answered in a median of {median} days ({compare}: {median_compare}); {share} within {limit} days ({compare}: {share_compare}).",
    },
    "finding_messages_slow": {
        "zh": "“{topic}”类留言答复用时中位数 {median} 天，超过 {limit} 天的答复时限（{compare} {median_compare} 天）。",
        "en": "“{topic}” messages took a median of {median} days to answer, beyond the {limit}-day limit ({compare}: {median_compare}).",
    },
    "fig_messages_topics": {"zh": "各主题留言数（{period}）", "en": "Messages by topic, {period}"},
    "tab_messages_topics": {
        "zh": "各主题留言数（{period}与{compare}）",
        "en": "Messages by topic, {period} against {compare}",
    },
    "tab_messages_problems": {
        "zh": "留言指向的六类社区治理问题（占全部留言的比例）",
        "en": "The six community-governance problems the messages point to (share of all messages)",
    },
    "tab_messages_replies": {"zh": "各主题留言答复用时（{period}）", "en": "Reply times by topic, {period}"},
    "tab_messages_keywords": {"zh": "主要主题的关键词（{period}）", "en": "Keywords of the leading topics, {period}"},
    "tab_messages_examples": {
        "zh": "主要主题的典型留言（{period}）",
        "en": "Typical messages of the leading topics, {period}",
    },
    "note_messages_problems": {
        "zh": "每条留言按其主题归入一个问题（对应关系见方法说明）；“{problems}”没有对应的留言主题，留言不反映该问题。",
        "en": "Each message counts for the problem its topic points to (see the methods); no topic points to “{problems}”, which messages do not reveal.",
    },
    "note_messages_replies": {
        "zh": "答复时限为 {limit} 天；回复不足 {threshold} 条或由被隐去的计数推得的数值不予公布。",
        "en": "The reply limit is {limit} days; figures from fewer than {threshold} replies, or that would reveal a withheld count, are not shown.",
    },
    "note_messages_examples": {
        "zh": "每个主题选取与该主题全部留言的 TF-IDF 中心最接近的留言（不少于 {min_chars} 字，去重），电话、身份证号、门牌号和车牌已遮蔽，超过 {chars} 字的截取节选。",
        "en": "For each topic, the messages closest to the TF-IDF centroid of all its messages (at least {min_chars} characters, no repeats); phone, ID, house and plate numbers masked; excerpts of at most {chars} characters.",
    },
    "method_messages": {
        "zh": "居民留言：按收到时间归入报告期和对比期，主题取数据中的标注（topic 或 label 列）；两期留言数以泊松率得分检验比较日均留言数（同数据概览）。主题与社区治理问题的对应：{mapping}。答复用时 = 答复时间 − 收到时间（天），中位数和第 90 百分位（Hyndman–Fan 定义 7）；时限内答复比例 = {limit} 天内答复的留言 / 有效留言（未答复的计为未按时答复）。关键词为把同一主题的留言合为一篇文档后 TF-IDF 权重最高的词（jieba 分词，去停用词和地名）。典型留言的选取规则见表注。",
        "en": "Resident messages: placed in the period and the comparison period by the time received; topics are the data's labels (topic or label column); the two periods' counts are compared as daily rates by the Poisson score test (as in the data overview). Topics and the community-governance problems they point to: {mapping}. Days to reply = reply time − time received, median and 90th percentile (Hyndman–Fan definition 7); replied within the limit = messages replied within {limit} days / valid messages (unanswered ones count as late). Keywords are the words of highest TF-IDF weight when a topic's messages form one document (jieba, stop words and place names left out). The rule choosing typical messages is in the table note.",
    },
}
