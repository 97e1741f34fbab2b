"""The one article the model's preferences come from, as every page cites it."""

ARTICLE = (
    "Byong Moo Hwang, \u201cThe Role and Responsibilities of China and the Former Soviet Union "
    "in the Korean War\u201d, Korea National Defense University"
)
