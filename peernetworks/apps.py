from django.apps import AppConfig


class PeerNetworksConfig(AppConfig):
    name = "peernetworks"
    label = "peernetworks"
    verbose_name = "Programme structure"
