"""Two-factor sign-in: a code from an authenticator app (TOTP) after the password, with backup codes.

`middleware` decides who must use it and holds them to it; `services` enrols and verifies;
`views` are the pages under /account/two-factor/.
"""
