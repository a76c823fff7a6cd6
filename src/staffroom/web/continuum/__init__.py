"""The continuum self-assessment (private ratings, the team's agreed level, history) and shared
agreements (drafts, staff comments, adoption, reviews, the monthly check).
"""
