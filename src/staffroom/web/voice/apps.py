from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "staffroom.web.voice"
    label = "voice"
    verbose_name = "Shared leadership and voice"
