from ims_training.security.passwords import PasswordProblem, password_problems


def test_long_passphrase_without_digits_or_symbols_is_accepted():
    assert password_problems("tre blå fjell over fjorden om morgenen") == []


def test_password_under_twelve_characters_is_refused():
    assert PasswordProblem.TOO_SHORT in password_problems("Xk9#pq2!mz")


def test_common_password_is_refused_even_when_long_enough():
    assert PasswordProblem.TOO_COMMON in password_problems("password1234")
    assert PasswordProblem.TOO_COMMON in password_problems("qwertyuiop123")


def test_password_containing_the_email_name_is_refused():
    assert PasswordProblem.CONTAINS_EMAIL in password_problems(
        "ingridhansen-2024-spring", email="ingridhansen@example.org"
    )


def test_repeated_single_character_is_refused():
    assert PasswordProblem.REPETITIVE in password_problems("aaaaaaaaaaaaaaaa")


def test_no_composition_rules_are_imposed():
    # all lower-case, no digits, no symbols: fine when long and uncommon
    assert password_problems("correct horse battery staple") == []
