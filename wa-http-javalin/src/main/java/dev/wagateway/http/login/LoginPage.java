package dev.wagateway.http.login;

/**
 * The HTML of {@code POST /devices/me/login} (api.md row 18): the QR image, its timeout, and a small script that
 * fetches the next code as the codes rotate (through a login ticket) until the device is connected.
 */
public final class LoginPage {

    private LoginPage() {
    }

    /**
     * @param imageDataUri the first code as a PNG data URI
     * @param timeoutSeconds how long it is valid
     * @param ticket         the login ticket the script polls with (hex, no escaping needed)
     */
    public static String render(String imageDataUri, long timeoutSeconds, String ticket) {
        if (!ticket.matches("[0-9a-f]+") || !imageDataUri.startsWith("data:image/png;base64,")) {
            throw new IllegalArgumentException("unexpected ticket or image");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>WhatsApp login</title>
                <style>body{font-family:sans-serif;text-align:center;margin-top:3em}img{width:256px;height:256px}</style>
                </head>
                <body>
                <h1>Scan with WhatsApp</h1>
                <p>WhatsApp → Settings → Linked devices → Link a device</p>
                <img id="qr" alt="QR code" src="%s">
                <p id="state">Timeout in <span id="timeout">%d</span> Second(s)</p>
                <script>
                (function () {
                  var left = %d;
                  var timer = document.getElementById('timeout');
                  setInterval(function () { if (left > 0) { left--; timer.textContent = left; } }, 1000);
                  function poll() {
                    fetch('login/qr?ticket=%s').then(function (r) { return r.json(); }).then(function (body) {
                      if (!body.status) { document.getElementById('state').textContent = body.message; return; }
                      if (body.data.connected) {
                        document.getElementById('qr').style.display = 'none';
                        document.getElementById('state').textContent = 'Connected';
                        return;
                      }
                      if (body.data.qr_code) {
                        document.getElementById('qr').src = body.data.qr_code;
                        left = body.data.timeout;
                      }
                      setTimeout(poll, 3000);
                    }).catch(function () { setTimeout(poll, 5000); });
                  }
                  setTimeout(poll, 3000);
                })();
                </script>
                </body>
                </html>
                """.formatted(imageDataUri, timeoutSeconds, timeoutSeconds, ticket);
    }
}
