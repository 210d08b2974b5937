"""The codes typed on the two-factor pages: spaces and dashes are ignored, case too."""

from django import forms


def _normalise(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


class SetupCodeForm(forms.Form):
    token = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = _normalise(self.cleaned_data["token"])
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return token


class VerifyCodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app, or a backup code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = _normalise(self.cleaned_data["token"])
        if token.isdigit() and len(token) != 6:
            raise forms.ValidationError("An app code has 6 digits.")
        if not token.isdigit() and not (token.isalnum() and len(token) == 8):
            raise forms.ValidationError(
                "Enter the 6 digits your app shows, or a backup code of 8 letters and digits."
            )
        return token
