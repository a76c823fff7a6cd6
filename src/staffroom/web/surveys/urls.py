"""Survey URLs: answering (public links and invitations) and managing cycles."""

from staffroom.web.surveys.answer_urls import urlpatterns as answer_patterns
from staffroom.web.surveys.manage_urls import urlpatterns as manage_patterns

app_name = "surveys"
urlpatterns = [*answer_patterns, *manage_patterns]
