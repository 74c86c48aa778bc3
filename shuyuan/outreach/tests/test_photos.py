import io

import pytest
from PIL import Image

from shuyuan.outreach import services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity

pytestmark = pytest.mark.django_db


def jpeg(width=1600, height=1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_is_stored_with_a_thumbnail():
    photo = services.add_photo(make_activity(), jpeg(), name="灯会.jpg", caption="元宵灯会", at=NOW, by=None)
    assert (photo.width, photo.height) == (1600, 1200)
    with photo.thumbnail.open("rb") as f:
        thumb = Image.open(f)
        assert thumb.size == (320, 240)


def test_a_file_that_is_not_a_photo_is_refused_in_chinese():
    with pytest.raises(OutreachRefused) as refused:
        services.add_photo(make_activity(), b"%PDF-1.4 not a photo", name="x.jpg", at=NOW, by=None)
    assert refused.value.reason == Reason.NOT_AN_IMAGE
    assert refused.value.message == "该文件不是照片（须为 JPEG、PNG 或 WebP）。"
