"""Facts: every figure of a text with what it counts, the event it belongs to and the names around it.

Matching compares facts, not sentences: "at least seven people were killed" and "at least 40
people were injured" hold facts of two predicates, and are neither one claim nor in dispute.
"""
