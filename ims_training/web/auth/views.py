"""Log in, log out, register, change and reset passwords."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import limiter
from ...mail import Mail, send_mail
from ...security.access import public
from ...security.sessions import end_session, start_session
from ...services.accounts import accounts, sessions
from ..service_call import call_service
from ..urls import public_url, safe_next
from . import bp
from .forms import (
    ChangePasswordForm,
    EmptyForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)


def _login_account_key() -> str:
    return "login-account:" + accounts.normalise_email(request.form.get("email") or "")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_login_account_key,
)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(
            _("E-mail or password is not correct, or the account is disabled.")
        )
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        end_session()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.landing"))


@bp.route("/account/sessions/logout-others", methods=["POST"])
def logout_other_sessions() -> ResponseReturnValue:
    """End every other session of this account on the server; this one stays."""
    if EmptyForm().validate_on_submit():
        sessions.close_other_sessions(current_user, session.get(sessions.SID))
        flash(_("All your other sessions have been logged out."), "success")
    return redirect(url_for("auth.change_password"))


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    registered = form.validate_on_submit() and call_service(
        lambda: accounts.register(form.email.data, form.name.data, form.password.data),
        form=form,
        field="email",
    )
    if registered:
        _send_registration_mail(accounts.normalise_email(form.email.data), registered.value)
        # The same answer for a new and a known e-mail: the owner learns which by e-mail.
        flash(
            _(
                "Thank you. We have sent an e-mail to %(email)s with what to do next.",
                email=accounts.normalise_email(form.email.data),
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


def _send_registration_mail(email: str, user: object | None) -> None:
    login, forgot = public_url("auth.login"), public_url("auth.forgot_password")
    if user is not None:
        body = _(
            "Welcome to the IMS Training Portal. Your trainee account is ready; log in here:\n\n%(login)s",
            login=login,
        )
    else:
        body = _(
            "Someone, perhaps you, tried to create an account on the IMS Training Portal with this "
            "e-mail address, which already has one. Nothing was changed.\n\nLog in here: %(login)s\n"
            "Forgot your password? Choose a new one here: %(forgot)s\n\nIf it was not you, ignore "
            "this e-mail.",
            login=login,
            forgot=forgot,
        )
    send_mail(Mail(to=email, subject=_("Your IMS Training Portal account"), body=body))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit() and call_service(
        lambda: accounts.change_password(
            current_user, form.current_password.data, form.password.data
        ),
        form=form,
        field="password",
    ):
        start_session(current_user._get_current_object())  # fresh session with the new token
        flash(_("Your password has been changed. Other sessions have been logged out."), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        found = accounts.create_reset_token(form.email.data)
        if found:
            user, token = found
            link = public_url("auth.reset_password", token=token)
            send_mail(
                Mail(
                    to=user.email,
                    subject=_("Reset your IMS Training Portal password"),
                    body=_(
                        "Open this link within 30 minutes to choose a new password:\n\n%(link)s\n\n"
                        "If you did not ask for this, ignore this e-mail.",
                        link=link,
                    ),
                )
            )
        # Same answer either way, so the page does not reveal which e-mails have accounts.
        flash(
            _(
                "If an account exists for that e-mail, a reset link is on its way. It works once, for 30 minutes."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    form = ResetPasswordForm()
    if form.validate_on_submit():
        reset = call_service(lambda: accounts.reset_password(token, form.password.data), form=form)
        if reset:
            flash(_("Your password has been set. Log in with it now."), "success")
            return redirect(url_for("auth.login"))
        if reset.field is None:  # the link itself is refused (flashed): ask for a new one
            return redirect(url_for("auth.forgot_password"))
    return render_template("auth/reset_password.html", form=form)
