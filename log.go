package tiledbcloud

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// maxLoggedBody bounds the body text one log record carries.
const maxLoggedBody = 4 << 10

// credentialJSONKeys are JSON fields that hold credentials whatever the
// API document says; secretJSONKeys (generated) adds its x-secret fields.
var credentialJSONKeys = []string{"password", "api_key", "access_token", "session_token"}

// maskJSON returns a JSON body for a log record with the values of secret
// fields replaced, truncated to maxLoggedBody. A body that is not JSON is
// summarised by its size, since it might echo anything.
func maskJSON(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "[" + strconv.Itoa(len(body)) + " bytes, not JSON]"
	}
	out, err := json.Marshal(maskValue(v))
	if err != nil {
		return "[" + strconv.Itoa(len(body)) + " bytes]"
	}
	if len(out) > maxLoggedBody {
		return string(out[:maxLoggedBody]) + "...(truncated)"
	}
	return string(out)
}

func maskValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if isSecretJSONKey(k) {
				v[k] = redacted
				continue
			}
			v[k] = maskValue(val)
		}
	case []any:
		for i := range v {
			v[i] = maskValue(v[i])
		}
	}
	return v
}

func isSecretJSONKey(k string) bool {
	for _, keys := range [][]string{secretJSONKeys, credentialJSONKeys} {
		for _, s := range keys {
			if strings.EqualFold(k, s) {
				return true
			}
		}
	}
	return false
}
