"""Reading resident messages: the TipDM export and canonical files, rows that reconcile, and the
writer's user id dropped everywhere."""

import pandas as pd
import pytest

from governance_analytics import schemas
from governance_analytics.io import SchemaViolation, read_messages

#: The columns every canonical messages table has (``replied_at`` is optional).
REQUIRED = [name for name, column in schemas.messages.columns.items() if column.required]
DEPARTMENTS = {"劳动和社会保障", "城乡建设", "教育文体", "卫生计生", "交通运输", "商贸旅游", "环境保护"}

TIPDM = pd.DataFrame(
    {
        "留言编号": ["1", "2", "3", "4", "4", "5", "6"],
        "留言用户": ["A0001", "A0002", "A0003", "A0004", "A0004", "A0005", "A0006"],
        "留言主题": ["物业乱收费", "噪音扰民", "停车难", "垃圾清运", "垃圾清运", "学校收费", "无题"],
        "留言时间": [
            "2020/1/6 12:09:38",
            "2019-04-08 08:37:20",
            "昨天",
            "2019/12/2 9:32:36",
            "2019/12/2 9:32:36",
            "2019/3/1 8:00:00",
            "2019/3/2 8:00:00",
        ],
        "留言详情": [
            "\n\t\t\t\t\n\t\t\t\t\u3000\u3000物业费年年涨\n\t\t\t\n\t\t第二段 \u00a0 结束\n\t\t\t\t",
            "夜间施工",
            "车位不足",
            "垃圾满了",
            "垃圾满了",
            "乱收费",
            "\n\t\t\t\n\t\t",
        ],
        "一级分类": ["城乡建设", "环境保护", "城乡建设", "城乡建设", "城乡建设", "教育文体", "城乡建设"],
        "答复意见": ["网友“A0001”：您好！已转物业公司办理。", "已处理", None, None, None, "已核实", None],
        "答复时间": ["2020/1/10 9:00:00", "2019/4/20 10:00:00", None, None, None, "不详", None],
    }
)


def _write(frame: pd.DataFrame, path, encoding="utf-8"):
    frame.to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_tipdm_export_is_read_cleaned_and_reconciled(tmp_path, encoding):
    result = read_messages(_write(TIPDM, tmp_path / "messages.csv", encoding))
    assert result.n_read == 7 == result.n_accepted + result.n_rejected and result.format == "tipdm"
    messages = result.messages
    schemas.messages.validate(messages)
    assert list(messages.columns) == [*REQUIRED, "label", "reply_text", "replied_at"]
    assert messages["message_id"].tolist() == ["1", "2", "4"]
    assert messages["received_at"].tolist() == [
        pd.Timestamp("2020-01-06 12:09:38"),
        pd.Timestamp("2019-04-08 08:37:20"),
        pd.Timestamp("2019-12-02 09:32:36"),
    ]
    assert messages["text"].iloc[0] == "物业费年年涨\n第二段 结束"  # \n\t runs → one line break; spaces → one
    assert messages["community_id"].isna().all()
    assert messages["replied_at"].iloc[0] == pd.Timestamp("2020-01-10 09:00:00")
    reasons = dict(zip(result.rejects["row"], result.rejects["reason"]))
    # line numbers where each record starts (header on line 1): the first message's quoted text holds
    # five line breaks (lines 2–7), so records 3, 5, 6 and 7 start on lines 9, 11, 12 and 13
    assert set(reasons) == {9, 11, 12, 13}
    assert reasons[9] == "received_at: expected a date-time, got '昨天'"
    assert reasons[11] == "message_id: duplicate value (the first is kept), got '4'"  # same label: first kept
    assert reasons[12] == "replied_at: expected a date-time, got '不详'"
    assert reasons[13] == "text: value is required"  # whitespace only


def test_user_id_is_dropped_everywhere(tmp_path):
    result = read_messages(_write(TIPDM, tmp_path / "messages.csv"))
    assert result.dropped == ("留言用户",)
    assert "留言用户" not in result.messages and "留言用户" not in result.rejects
    assert result.messages["reply_text"].iloc[0] == "网友“[用户]”：您好！已转物业公司办理。"
    every_cell = pd.concat([result.messages.astype(str), result.rejects.astype(str)]).stack()
    assert not every_cell.str.contains(r"A000\d", regex=True).any()


def test_conflicting_labels_reject_every_copy(tmp_path):
    frame = pd.concat([TIPDM.iloc[[0]], TIPDM.iloc[[0]].assign(一级分类="劳动和社会保障")], ignore_index=True)
    result = read_messages(_write(frame, tmp_path / "messages.csv"))
    assert result.n_accepted == 0 and result.n_rejected == 2 == result.n_read
    assert result.rejects["row"].tolist() == [2, 8]  # the first record spans lines 2–7
    assert result.rejects["reason"].str.contains("with different labels").all()


def test_missing_column_names_file_and_column(tmp_path):
    path = _write(TIPDM.drop(columns="留言详情"), tmp_path / "no_text.csv")
    with pytest.raises(SchemaViolation, match=r"no_text\.csv.*留言详情"):
        read_messages(path)
    with pytest.raises(ValueError, match="unknown message format"):
        read_messages(path, format="weibo")


def test_canonical_file_keeps_other_columns(tmp_path):
    frame = pd.DataFrame(
        {
            "message_id": ["M1", "M2"],
            "received_at": ["2024-01-01 08:00:00", "2024-01-02 09:30:00"],
            "community_id": ["c1", None],
            "title": [None, "停车难"],
            "text": ["物业不作为", "车位不足"],
            "topic": ["物业管理", "停车难"],
        }
    )
    result = read_messages(_write(frame, tmp_path / "messages.csv"), format="canonical")
    assert result.n_accepted == 2 and result.dropped == ()
    assert list(result.messages.columns) == [*REQUIRED, "topic"]
    assert result.messages["topic"].tolist() == ["物业管理", "停车难"]


def test_real_labelled_messages(shared_data):
    path = shared_data / "messages" / "citizen_messages_labelled.csv"
    result = read_messages(path)
    raw = pd.read_csv(path, dtype=str)
    assert result.n_read == len(raw) == 299 and result.n_accepted == 297
    # 留言编号 37042 appears twice with two labels: which is right cannot be told, neither is kept
    assert result.rejects["留言编号"].tolist() == ["37042", "37042"]
    assert result.rejects["reason"].str.contains("劳动和社会保障, 城乡建设").all()
    messages = result.messages
    schemas.messages.validate(messages)
    assert set(messages["label"]) == DEPARTMENTS
    assert messages["received_at"].iloc[0] == pd.Timestamp("2020-01-06 12:09:38")
    assert not messages["text"].str.contains("\t").any()
    assert (messages["text"] == messages["text"].str.strip()).all()
    assert "留言用户" not in messages and "留言用户" not in result.rejects


def test_real_replies_lose_the_quoted_user_ids(shared_data):
    path = shared_data / "messages" / "citizen_messages_with_replies.csv"
    result = read_messages(path)
    raw = pd.read_csv(path, dtype=str)
    assert result.n_read == result.n_accepted == 120
    replies = result.messages["reply_text"]
    quoted = sum(user in reply for user, reply in zip(raw["留言用户"], raw["答复意见"]))
    assert quoted == replies.str.contains("[用户]", regex=False).sum() == 20
    assert not any(user in reply for user in set(raw["留言用户"]) for reply in replies)
    assert result.messages["replied_at"].notna().all()
    assert (result.messages["replied_at"] > result.messages["received_at"]).all()
