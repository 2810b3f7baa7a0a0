"""The chapter 8 worked case (customer L), shared by the chapter, the workbook, the CLI help and the tests."""

from __future__ import annotations

# The chapter 8 case, shared by the chapter, the workbook, the CLI help and the tests.
CASE_PROFILE = {
    "company_code": "纸箱厂 L",
    "industry": "瓦楞纸箱与彩盒包装",
    "city": "广东东莞",
    "contact_role": "总经理（老板，兼管销售）",
    "first_contact": "2026-03-02",
    "business": "生产瓦楞纸箱和彩盒，主要供给本地几家电子厂和小家电厂。",
    "company_size": "180",
    "decision_chain": "外贸业务主管提需求并评估，总经理拍板，财务付款。",
    "current_needs": "一年内通过平台找到二十家以上外省或外贸的新客户。",
    "pain_points": "两家电子厂占了六成订单，去年被压价后利润很薄；担心花了会员费却没有询盘。",
    "current_suppliers": "另一家 B2B 平台的试用账号，加上每年两次本地展会。",
    "our_position": "主要供方之一",
    "personnel_changes": "外贸业务主管明年可能升任副总，负责全部新客户开发。",
    "supplier_policy": "每年一月比较所有推广渠道的投入产出，再决定下一年的预算。",
}
CASE_ANSWERS = {
    "a-decide-slow": 2, "a-risk-avoid": 2, "a-cautious": 1, "a-listener": 1, "a-patient": 1,
    "a-decide-fast": -2, "a-talkative": -1, "a-lively": None,
    "s-practical": 2, "s-plan": 2, "s-punctual": 2, "s-task": 1, "s-formal": 1,
    "s-relaxed": -1, "s-big-picture": -2, "s-open-feelings": None,
}
CASE_PROMISES = (
    {"what": "周五前回复店铺开通进度", "due": "2026-04-03", "status": "按时兑现", "done": "2026-04-03",
     "category": "callback"},
    {"what": "发送纸箱类目的热门关键词清单", "due": "2026-04-10", "status": "按时兑现", "done": "2026-04-09",
     "category": "document"},
    {"what": "上门做一次店铺诊断", "due": "2026-05-15", "status": "逾期后兑现", "done": "2026-05-19",
     "category": "visit"},
    {"what": "发送全年询盘与成交小结", "due": "2026-12-31", "status": "按时兑现", "done": "2026-12-30",
     "category": "document"},
    {"what": "答复彩盒类目推广费用的问题", "due": "2027-01-08", "status": "进行中", "category": "callback"},
    {"what": "给出外贸询盘的回复模板和时效建议", "due": "2027-01-15", "status": "进行中", "category": "solution"},
)
CASE_WELCOME = ("L 总您好，我是您的专属会员顾问陈宁，很高兴能为您服务。我的工作时间是周一到周五 9:00–18:00，"
                "这段时间里您的消息我都会尽快回复。非工作时间如果遇到紧急问题，为了让您尽快得到帮助，"
                "请直接联系平台的二十四小时客服热线 400-000-0000。接下来，每月初我会给您发一份店铺数据小结。"
                "期待和您长期合作！")
CASE_REFUSAL = ("L 总，您想把推广成本压下来，这个心情我完全理解。会员价格对所有商家统一公开，为了公平，"
                "我没有单独打折的权限。我可以本周五前帮您把彩盒类目的关键词重新梳理一遍，再约一次店铺诊断。")
