"""What the API of the enforcement sub-domains shares."""

from rest_framework import serializers

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
