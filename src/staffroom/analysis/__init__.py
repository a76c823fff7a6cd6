"""Pure survey statistics: arrays and DataFrames in, plain results out.

No Django, no files, no printing: the CLI, the web application and the reports all
call these functions, so every number is computed in one place.
"""

from staffroom.analysis.distributions import answer_distributions
from staffroom.analysis.exceptions import (
    AnalysisError,
    InvalidAnswerError,
    InvalidParameterError,
    MissingColumnError,
)
from staffroom.analysis.grouped import NOT_REPORTED, encode_labels, group_moments
from staffroom.analysis.multilevel import (
    Agreement,
    IccResult,
    icc,
    uniform_null_variance,
    within_group_agreement,
)
from staffroom.analysis.reliability import AlphaResult, cronbach_alpha, pairwise_covariance
from staffroom.analysis.scales import ScaleSpec
from staffroom.analysis.scoring import reverse_keyed, scale_scores, validate_answers
from staffroom.analysis.suppression import (
    DEFAULT_MIN_N,
    MIN_N_FLOOR,
    check_min_n,
    complementary_suppression,
)
from staffroom.analysis.survey import SurveyResults, analyze_survey

__all__ = [
    "DEFAULT_MIN_N",
    "MIN_N_FLOOR",
    "NOT_REPORTED",
    "Agreement",
    "AlphaResult",
    "AnalysisError",
    "IccResult",
    "InvalidAnswerError",
    "InvalidParameterError",
    "MissingColumnError",
    "ScaleSpec",
    "SurveyResults",
    "analyze_survey",
    "answer_distributions",
    "check_min_n",
    "complementary_suppression",
    "cronbach_alpha",
    "encode_labels",
    "group_moments",
    "icc",
    "pairwise_covariance",
    "reverse_keyed",
    "scale_scores",
    "uniform_null_variance",
    "validate_answers",
    "within_group_agreement",
]
