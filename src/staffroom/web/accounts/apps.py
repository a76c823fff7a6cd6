from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "staffroom.web.accounts"
    label = "accounts"
