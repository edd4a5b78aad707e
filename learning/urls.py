"""The pages of learning and assurance, under the board's address (/<board>/learning/...):
reviews and their recommendations (review_urls), audits and evidence (audit_urls)."""

from .audit_urls import urlpatterns as audit_patterns
from .review_urls import urlpatterns as review_patterns

app_name = "learning"

urlpatterns = [*review_patterns, *audit_patterns]
