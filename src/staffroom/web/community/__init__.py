"""Staff indicators brought by the district (attendance, turnover, professional learning,
practice uptake, district-team responsiveness, meeting voice), their imports, and the school
adult-community profile.
"""
