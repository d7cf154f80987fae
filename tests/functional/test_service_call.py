"""The views' one way to run a service call and show its refusal (`web/service_call.py`)."""

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from ims_training.services import ServiceError
from ims_training.web.service_call import call_service


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()
    email = StringField()


def _refuse(field=None):  # type: ignore[no-untyped-def]
    def action():  # type: ignore[no-untyped-def]
        raise ServiceError("refused", field=field)

    return action


def test_a_successful_call_gives_its_value_and_shows_nothing(app):
    with app.test_request_context():
        done = call_service(lambda: 42, form=NameForm())
        assert done and done.ok and done.value == 42 and done.error is None
        assert get_flashed_messages() == []


def test_a_refusal_goes_to_the_field_it_names(app):
    with app.test_request_context():
        form = NameForm()
        done = call_service(_refuse("email"), form=form, field="name")
        assert (
            not done
            and done.field == "email"
            and form.email.errors == ["refused"]
            and not form.name.errors
        )
        assert get_flashed_messages() == []


def test_a_refusal_naming_no_field_of_the_form_goes_to_the_default_field(app):
    with app.test_request_context():
        form = NameForm()
        assert call_service(_refuse("elsewhere"), form=form, field="name").field == "name"
        assert call_service(_refuse(), form=form, field="name").field == "name"
        assert form.name.errors == ["refused", "refused"]


def test_a_refusal_without_a_field_is_flashed_as_an_error(app):
    with app.test_request_context():
        form = NameForm()
        done = call_service(_refuse("elsewhere"), form=form)
        assert not done and done.field is None and done.page_error is None and not form.errors
        assert get_flashed_messages(with_categories=True) == [("error", "refused")]


def test_a_page_that_shows_refusals_itself_gets_the_message_back_unflashed(app):
    with app.test_request_context():
        done = call_service(_refuse(), form=NameForm(), page_error=True)
        assert not done and done.page_error == "refused" and isinstance(done.error, ServiceError)
        assert get_flashed_messages() == []


def test_other_exceptions_are_not_swallowed(app):
    def broken():  # type: ignore[no-untyped-def]
        raise ValueError("a bug, not a refusal")

    with app.test_request_context(), pytest.raises(ValueError):
        call_service(broken)
