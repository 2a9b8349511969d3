<?php
// A receiver of the Flanders Academic Hub's webhooks, in plain PHP.
//
//     WEBHOOK_SECRET=whsec_... php -S 127.0.0.1:8000 verify.php
//
// It answers 200 to a delivery signed with the endpoint's secret less than
// five minutes ago, 401 to anything else (400 without the headers or JSON).
// Under PHP-FPM, which clears the environment, give the secret to the pool
// (env[WEBHOOK_SECRET] = ...) or read it from a file outside the web root.

const TOLERANCE_SECONDS = 300; // older (or future) timestamps are refused: no replay

// One "v1=" value of the header is HMAC-SHA256(secret, "<timestamp>.<body>")
// and the timestamp is recent.
function signature_valid(string $secret, string $body, string $timestamp, string $header): bool
{
    if (!preg_match('/^-?\d{1,15}$/', $timestamp)) {
        return false;
    }
    $sent = (int) $timestamp;
    if (abs(time() - $sent) > TOLERANCE_SECONDS) {
        return false;
    }
    $expected = hash_hmac('sha256', $sent . '.' . $body, $secret);
    foreach (explode(',', $header) as $part) {
        $part = trim($part);
        if (str_starts_with($part, 'v1=') && hash_equals($expected, substr($part, 3))) {
            return true;
        }
    }
    return false;
}

function answer(int $status, array $data): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($data);
}

$secret = (string) getenv('WEBHOOK_SECRET');
$timestamp = $_SERVER['HTTP_HUB_WEBHOOK_TIMESTAMP'] ?? '';
$header = $_SERVER['HTTP_HUB_WEBHOOK_SIGNATURE'] ?? '';
$body = (string) file_get_contents('php://input');

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    answer(405, ['error' => 'POST only']);
} elseif ($timestamp === '' || $header === '') {
    answer(400, ['error' => 'not a hub delivery']);
} elseif ($secret === '' || !signature_valid($secret, $body, $timestamp, $header)) {
    answer(401, ['error' => 'bad signature or timestamp']);
} elseif (!(($event = json_decode($body)) instanceof stdClass)) {
    answer(400, ['error' => 'not a JSON object']);
} else {
    // Verified: act on it here, quickly (queue slow work; the hub waits).
    $delivery = $_SERVER['HTTP_HUB_WEBHOOK_ID'] ?? '';
    error_log(sprintf('received %s %s', $event->type ?? '', $delivery));
    answer(200, ['received' => $delivery]);
}
