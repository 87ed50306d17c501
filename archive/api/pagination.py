"""How the API's lists are cut into pages (its own module: REST framework imports it early)."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """?page=N, 20 to a page unless ?page_size= asks for up to 100."""

    page_size = settings.INTERVIEWS_PER_PAGE
    page_size_query_param = "page_size"
    max_page_size = 100
