"""What must never be in the project: the repost's advertising and third-party hosts. Built from
parts so that no file of the project contains them verbatim."""

# Pieces of the consulting firm's advertising that followed the notice on the repost.
ADVERT = ["1856566" + "8281", "微信" + "同号", "在线" + "客服", "微信" + "服务号", "单项" + "冠军"]
THIRD_PARTY = [
    "cdn." + "jsdelivr",
    "unpkg" + ".com",
    "fonts." + "googleapis",
    "fonts." + "gstatic",
    "cdnjs" + ".",
    "googletag" + "manager",
    "google-" + "analytics",
]
