"""Real images for upload tests, optionally with the EXIF a phone writes (GPS position)."""

from io import BytesIO

from PIL import Image

# 3°19'S 114°35'E: somewhere in Banjarmasin, as a phone would record it.
GPS = {1: "S", 2: (3.0, 19.0, 12.5), 3: "E", 4: (114.0, 35.0, 40.0)}


def image_bytes(fmt: str = "JPEG", *, size=(64, 48), with_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x0110] = "Phone X"  # model
        exif[0x0112] = 6  # orientation: rotate 90° to stand upright
        exif.get_ifd(0x8825).update(GPS)
        image.save(out, fmt, exif=exif.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()
