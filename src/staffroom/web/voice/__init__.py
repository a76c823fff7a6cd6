"""Working groups with rotating roles, the anonymous concerns-and-ideas channel with public
responses, the decision log, and the practice exchange.
"""
