# Sourced by the bench scripts that drive a gateway (load.sh, soak.sh).

# gateway_user_token PORT ADMIN_ID ADMIN_PASSWORD USER_ID USER_PASSWORD — logs the bootstrap admin in, creates a user with
# role "user" and prints that user's access token (the default policy's user limits then count it in Redis on every request).
gateway_user_token() {
  local base="http://127.0.0.1:$1" admin_token
  token_of() { sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
  admin_token=$(curl -fs -X POST "$base/login" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$2\",\"password\":\"$3\"}" | token_of) || die "admin login failed"
  curl -fs -o /dev/null -X POST "$base/admin/users" -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d "{\"user_id\":\"$4\",\"password\":\"$5\",\"role\":\"user\"}" \
    || die "creating the user $4 failed"
  curl -fs -X POST "$base/login" -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$4\",\"password\":\"$5\"}" | token_of || die "login of $4 failed"
}
