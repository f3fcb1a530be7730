"""Session-key cryptography against the official vectors (the ones wechatpy's own tests use)."""

from __future__ import annotations

import base64

from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.utils import check_wxa_signature

from openmini.platform import open_data

# WeChat's "开放数据校验与解密" page and wechatpy tests/test_utils.py, tests/test_crypto.py.
RAW_DATA = (
    '{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN",'
    '"avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAj'
    'AtpujxyzYsrztuuICqIM5ibXQ/0"}'
)
APPID = "wx4f4bc4dec97d474b"
SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ=="
IV = "r7BXXKkLb8qrSNn05n0qiA=="
ENCRYPTED = (
    "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4l"
    "GOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHIn"
    "NlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4P"
    "C7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1V"
    "f7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew=="
)


def test_raw_data_signature_matches_the_official_vector() -> None:
    key, signature = "HyVFkGl5F5OQWJZZaNzBBg==", "75e81ceda165f4ffa64f4068af58c64b8f54b88c"
    assert open_data.raw_data_signature(RAW_DATA, key) == signature
    check_wxa_signature(key, RAW_DATA, signature)


def test_login_state_signature_matches_the_official_vector() -> None:
    signature = open_data.login_state_signature("o0q0otL8aEzpcZL/FT9WsQ==", b'{"foo":"bar"}')
    assert signature == "654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b"


def test_encryption_reproduces_the_official_encrypted_data() -> None:
    plain = WeChatWxaCrypto(SESSION_KEY, IV, APPID).decrypt_message(ENCRYPTED)
    assert plain["openId"] == "oGZUI0egBJY1zhBYw2KhdUfwVJJE"
    sealed = open_data.encrypt(SESSION_KEY, plain, base64.b64decode(IV))
    assert (sealed.encrypted_data, sealed.iv) == (ENCRYPTED, IV)


def test_fresh_encryptions_use_fresh_ivs_and_wechatpy_reads_them() -> None:
    key = open_data.new_session_key()
    assert len(base64.b64decode(key)) == 16
    data = {"openId": "o1", "nickName": "小明", "watermark": {"timestamp": 1, "appid": "om0123456789abcdef"}}
    first, second = open_data.encrypt(key, data), open_data.encrypt(key, data)
    assert first.iv != second.iv and first.encrypted_data != second.encrypted_data
    assert WeChatWxaCrypto(key, first.iv, "om0123456789abcdef").decrypt_message(first.encrypted_data) == data
