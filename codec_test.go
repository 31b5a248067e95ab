package tiledbcloud

// Table tests of the JSON codec's edge cases. Each decoding case is checked
// three ways: against an explicit expectation, against encoding/json reading
// the mirror structs of fuzz_test.go, and from a stream delivered whole, one
// byte at a time and in odd chunks.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func codecStr(s string) *string { return &s }

// codecDecode decodes data into v from a byte slice (as UnmarshalJSON does)
// and asserts that decoding it from streams gives the same value and error.
func codecDecode(t *testing.T, data []byte, v modelDecoder) error {
	t.Helper()
	err := fzDecodeDocument(data, v)
	for name, r := range map[string]io.Reader{
		"whole":     bytes.NewReader(data),
		"1 byte":    iotest.OneByteReader(bytes.NewReader(data)),
		"7 bytes":   &fzChunkReader{r: bytes.NewReader(data), n: 7},
		"half":      iotest.HalfReader(bytes.NewReader(data)),
		"stalling":  &fzChunkReader{r: bytes.NewReader(data), n: 3, stall: true},
		"data+EOF ": iotest.DataErrReader(bytes.NewReader(data)),
	} {
		sv := reflect.New(reflect.TypeOf(v).Elem()).Interface().(modelDecoder)
		serr := fzStreamDecode(nil, r, 0, sv, false)
		require.Equal(t, fzErrString(err), fzErrString(serr), "stream %s: error", name)
		if err == nil {
			require.True(t, reflect.DeepEqual(v, sv), "stream %s:\n%s\nfrom a byte slice:\n%s", name, fzDump(sv), fzDump(v))
		}
	}
	return err
}

// codecUser decodes doc as a User three ways (see codecDecode) and against
// encoding/json, returning the SDK's result.
func codecUser(t *testing.T, doc string) (User, error) {
	t.Helper()
	fzCheckDecode[User](t, []byte(doc), (*fzUser).model)
	var u User
	err := codecDecode(t, []byte(doc), &u)
	return u, err
}

func TestCodecNestingLimit(t *testing.T) {
	// encoding/json allows 10000 levels; the model's own object is the first.
	nested := func(levels int, open, close string) string {
		return `{"x":` + strings.Repeat(open, levels-1) + strings.Repeat(close, levels-1) + `,"id":"a"}`
	}
	for _, tc := range []struct {
		name   string
		levels int
		ok     bool
	}{
		{"9999 levels", 9999, true},
		{"10000 levels", maxJSONDepth, true},
		{"10001 levels", maxJSONDepth + 1, false},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			for _, brackets := range [][2]string{{"[", "]"}, {`{"a":`, "}"}, {`[{"a":`, "}]"}} {
				var doc string
				if brackets[0] == `[{"a":` {
					// Alternate arrays and objects: two levels per repetition.
					doc = `{"x":` + strings.Repeat(`[{"a":`, (tc.levels-1)/2) + strings.Repeat("[", (tc.levels-1)%2) +
						`1` + strings.Repeat("]", (tc.levels-1)%2) + strings.Repeat(`}]`, (tc.levels-1)/2) + `,"id":"a"}`
				} else if brackets[0] == "[" {
					doc = nested(tc.levels, "[", "]")
				} else {
					doc = `{"x":` + strings.Repeat(`{"a":`, tc.levels-1) + `1` + strings.Repeat("}", tc.levels-1) + `,"id":"a"}`
				}
				u, err := codecUser(t, doc)
				if tc.ok {
					require.NoError(t, err)
					assert.Equal(t, "a", u.GetID())
				} else {
					var jerr *JSONError
					require.ErrorAs(t, err, &jerr)
					assert.Contains(t, jerr.Msg, "exceeded max depth")
				}
			}
		})
	}
	t.Run("list of models", func(t *testing.T) {
		// The list and the token take two levels, leaving 9998 for the field.
		for _, tc := range []struct {
			inner int
			ok    bool
		}{{9998, true}, {9999, false}} {
			doc := `[{"x":` + strings.Repeat("[", tc.inner) + strings.Repeat("]", tc.inner) + `,"name":"n"}]`
			var got []Token
			err := codecDecode(t, []byte(doc), (*modelList[Token, *Token])(&got))
			var ref []fzToken
			refErr := json.Unmarshal([]byte(doc), &ref)
			assert.Equal(t, tc.ok, err == nil, "SDK: %v", err)
			assert.Equal(t, tc.ok, refErr == nil, "encoding/json: %v", refErr)
		}
	})
}

func TestCodecNumbersInUnknownFields(t *testing.T) {
	valid := []string{
		"0", "-0", "1", "-1", "1" + strings.Repeat("0", 1000), "-" + strings.Repeat("9", 400), "1e400", "-1e400",
		"1E+400", "1.5e-400", "-1.5E-400", "0.0", "-0.0e-0", "0.000000000000000000000000000001", "123456789.987654321e12",
		"18446744073709551616", "1e-07",
	}
	invalid := []string{"01", "-01", "1.", ".1", "-", "+1", "1e", "1e+", "1E-", "0x10", "Infinity", "-Infinity", "NaN",
		"1_000", "--1", "1.2.3", "1e2e3", "1ee2", "0.e1", "-.1", "١"}
	for _, n := range valid {
		u, err := codecUser(t, `{"x":`+n+`,"y":[`+n+`],"id":"a"}`)
		require.NoError(t, err, n)
		assert.Equal(t, "a", u.GetID(), n)
	}
	for _, n := range invalid {
		_, err := codecUser(t, `{"x":`+n+`,"id":"a"}`)
		require.Error(t, err, n)
		_, err = codecUser(t, `{"x":[`+n+`],"id":"a"}`)
		require.Error(t, err, n)
	}
	// A number cut short by the end of the input is an error.
	for _, doc := range []string{`{"code":12`, `{"x":12`, `{"x":-`, `{"x":1e`} {
		var e ModelError
		require.Error(t, codecDecode(t, []byte(doc), &e), doc)
	}
}

func TestCodecInt64Field(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *int64
		ok   bool
	}{
		{"0", codecInt(0), true},
		{"-0", codecInt(0), true},
		{"404", codecInt(404), true},
		{"-1", codecInt(-1), true},
		{"9223372036854775807", codecInt(9223372036854775807), true},
		{"-9223372036854775808", codecInt(-9223372036854775808), true},
		{"null", nil, true},
		{"9223372036854775808", nil, false},
		{"-9223372036854775809", nil, false},
		{"18446744073709551616", nil, false},
		{"99999999999999999999999999", nil, false},
		{"1.0", nil, false},
		{"1e2", nil, false},
		{"1E0", nil, false},
		{"-0.0", nil, false},
		{`"1"`, nil, false},
		{"true", nil, false},
		{"[1]", nil, false},
		{"{}", nil, false},
		{"01", nil, false},
	} {
		doc := `{"code":` + tc.in + `,"message":"m"}`
		fzCheckDecode[ModelError](t, []byte(doc), (*fzModelError).model)
		var m ModelError
		err := codecDecode(t, []byte(doc), &m)
		if !tc.ok {
			require.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, m.Code, tc.in)
		assert.Equal(t, "m", m.GetMessage())
	}
}

func codecInt(n int64) *int64 { return &n }

// codecStringCases are JSON string literals (without quotes) and what they
// decode to; want "" with ok false marks a literal encoding/json rejects.
var codecStringCases = []struct {
	name, in, want string
	ok             bool
}{
	{"every short escape", `\"\\\/\b\f\n\r\t`, "\"\\/\b\f\n\r\t", true},
	{"u escapes", `\u0041\u00e9\u00E9\u20ac\uFFFF\u0000\u001f`, "Aéé€\uffff\x00\x1f", true},
	{"surrogate pair", `\ud83d\ude00`, "😀", true},
	{"surrogate pair upper case", `\uD83D\uDE00x`, "😀x", true},
	{"lone high surrogate", `\ud83d`, "\ufffd", true},
	{"lone high surrogate then text", `\ud83dxy`, "\ufffdxy", true},
	{"lone low surrogate", `\ude00`, "\ufffd", true},
	{"reversed pair", `\ude00\ud83d`, "\ufffd\ufffd", true},
	{"high high low", `\ud83d\ud83d\ude00`, "\ufffd😀", true},
	{"high then BMP escape", `\ud83d\u0041`, "\ufffdA", true},
	{"high then short escape", `\ud83d\n`, "\ufffd\n", true},
	{"high then bad escape", `\ud83d\u12`, "", false},
	{"raw multi-byte", "é€😀\u2028", "é€😀\u2028", true},
	{"raw replacement char", "\uFFFD", "\uFFFD", true},
	{"invalid byte", "a\xffb", "a\ufffdb", true},
	{"truncated rune", "\xe2\x82", "\ufffd\ufffd", true},
	{"encoded surrogate", "\xed\xa0\x80", "\ufffd\ufffd\ufffd", true},
	{"overlong slash", "\xc0\xaf", "\ufffd\ufffd", true},
	{"beyond U+10FFFF", "\xf4\x90\x80\x80", "\ufffd\ufffd\ufffd\ufffd", true},
	{"DEL is fine", "\x7f", "\x7f", true},
	{"raw control char", "a\x01", "", false},
	{"raw newline", "a\nb", "", false},
	{"raw tab", "a\tb", "", false},
	{"unknown escape", `\x41`, "", false},
	{"short u escape", `\u12`, "", false},
	{"bad hex", `\u12G4`, "", false},
	{"upper-case U", `\U0041`, "", false},
	{"single quote escape", `\'`, "", false},
}

func TestCodecStrings(t *testing.T) {
	for _, tc := range codecStringCases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			// In a string field, a string list, an enum list and an unknown field.
			doc := `{"name":"` + tc.in + `","enabled_features":["` + tc.in + `"],"allowed_actions":["` + tc.in +
				`"],"x":"` + tc.in + `"}`
			u, err := codecUser(t, doc)
			if !tc.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, u.GetName())
			assert.Equal(t, []string{tc.want}, u.EnabledFeatures)
			assert.Equal(t, []NamespaceActions{NamespaceActions(tc.want)}, u.AllowedActions)

			// In Token.scope, both forms, and as an unknown key.
			for _, doc := range []string{`{"scope":"` + tc.in + `"}`, `{"scope":["` + tc.in + `"],"` + tc.in + `":1}`} {
				fzCheckDecode[Token](t, []byte(doc), (*fzToken).model)
				var tok Token
				require.NoError(t, codecDecode(t, []byte(doc), &tok))
				assert.Equal(t, []TokenScope{TokenScope(tc.want)}, tok.Scope)
			}
		})
	}
	t.Run("unterminated", func(t *testing.T) {
		for _, doc := range []string{`{"name":"abc`, `{"name":"abc\`, `{"name":"abc\u00`, "{\"name\":\"\xe2\x82", `{"name`} {
			_, err := codecUser(t, doc)
			var jerr *JSONError
			require.ErrorAs(t, err, &jerr, doc)
		}
	})
}

func TestCodecKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		want User
	}{
		{"exact", `{"id":"a"}`, User{ID: codecStr("a")}},
		{"upper case", `{"ID":"a","USERNAME":"u"}`, User{ID: codecStr("a"), Username: "u"}},
		{"mixed case", `{"uSeRnAmE":"u","Last_Activity_Date":"1970-01-01 00:00:00"}`,
			User{Username: "u", LastActivityDate: codecTime(time.Unix(0, 0).UTC())}},
		{"escaped key", `{"n\u0061me":"n"}`, User{Name: codecStr("n")}},
		{"long s folds to s", `{"ſtripe_connect":true,"compan\u0059":"c"}`,
			User{StripeConnect: codecBool(true), Company: codecStr("c")}},
		{"Kelvin sign is not in any User key", "{\"\u212aompany\":\"c\"}", User{}},
		{"dotless i does not fold to i", `{"ıd":"a","İd":"b"}`, User{}},
		{"trailing space", `{"id ":"a"}`, User{}},
		{"invalid UTF-8 in a key", "{\"i\xffd\":\"a\",\"\xff\":1}", User{}},
		{"replacement char key", "{\"\uFFFD\":\"a\"}", User{}},
		{"later folded key wins", `{"name":"a","NAME":"b"}`, User{Name: codecStr("b")}},
		{"later exact key wins", `{"NAME":"b","name":"a"}`, User{Name: codecStr("a")}},
		{"field of a nested model", `{"organizations":[{"ROLE":"owner","user_ID":"u"}]}`,
			User{Organizations: []OrganizationUser{{Role: codecRole("owner"), UserID: codecStr("u")}}}},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			got, err := codecUser(t, tc.doc)
			require.NoError(t, err)
			assert.True(t, reflect.DeepEqual(tc.want, got), "got %s\nwant %s", fzDump(got), fzDump(tc.want))
		})
	}
	t.Run("Kelvin sign", func(t *testing.T) {
		for _, doc := range []string{"{\"secret_access_\u212aey\":\"s\"}", `{"secret_access_\u212aey":"s"}`, `{"SECRET_ACCESS_\u212aEY":"s"}`} {
			fzCheckDecode[AWSAccessCredentials](t, []byte(doc), (*fzAWSAccessCredentials).model)
			var c AWSAccessCredentials
			require.NoError(t, codecDecode(t, []byte(doc), &c))
			assert.Equal(t, "s", c.GetSecretAccessKey(), doc)
		}
	})
	t.Run("long s", func(t *testing.T) {
		doc := `{"ſcope":["*"],"requeſt_id":"x"}`
		fzCheckDecode[Token](t, []byte(doc), (*fzToken).model)
		var tok Token
		require.NoError(t, codecDecode(t, []byte(doc), &tok))
		assert.Equal(t, []TokenScope{TokenScopeAll}, tok.Scope)
		fzCheckDecode[ModelError](t, []byte(doc), (*fzModelError).model)
		var e ModelError
		require.NoError(t, codecDecode(t, []byte(doc), &e))
		assert.Equal(t, "x", e.GetRequestID())
	})
}

func codecTime(t time.Time) *time.Time                 { return &t }
func codecBool(b bool) *bool                           { return &b }
func codecRole(r OrganizationRoles) *OrganizationRoles { return &r }

func TestCodecDuplicateKeys(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want User
	}{
		// An empty string must replace an earlier value (this failed: the
		// earlier value, queued for the string flush, overwrote it).
		{`{"username":"a","username":""}`, User{}},
		{`{"id":"a","id":""}`, User{ID: codecStr("")}},
		{`{"id":"a","id":"b"}`, User{ID: codecStr("b")}},
		{`{"id":"a","id":null}`, User{}},
		{`{"id":null,"id":"b"}`, User{ID: codecStr("b")}},
		{`{"username":"a","username":null}`, User{Username: "a"}},
		{`{"enabled_features":["a"],"enabled_features":null}`, User{}},
		{`{"enabled_features":null,"enabled_features":[]}`, User{EnabledFeatures: []string{}}},
		{`{"enabled_features":["a","b"],"enabled_features":[""]}`, User{EnabledFeatures: []string{""}}},
		{`{"is_valid_email":true,"is_valid_email":false}`, User{IsValidEmail: codecBool(false)}},
		// A repeated array is decoded into the old one, as encoding/json
		// does: objects merge, null elements keep the old value, and old
		// elements past the new length come back when a later array is
		// longer; an empty array starts afresh. (These failed: the SDK
		// started every array afresh.)
		{`{"organizations":[{"username":"a"}],"organizations":[{"role":"owner"}]}`,
			User{Organizations: []OrganizationUser{{Username: codecStr("a"), Role: codecRole("owner")}}}},
		{`{"organizations":[{"username":"a"}],"organizations":[null,{}]}`,
			User{Organizations: []OrganizationUser{{Username: codecStr("a")}, {}}}},
		{`{"enabled_features":["a","b"],"enabled_features":[null]}`, User{EnabledFeatures: []string{"a"}}},
		{`{"enabled_features":["a","b","c"],"enabled_features":["d"],"enabled_features":[null,null,null,null]}`,
			User{EnabledFeatures: []string{"d", "b", "c", ""}}},
		{`{"enabled_features":["a","b"],"enabled_features":[],"enabled_features":[null,null]}`,
			User{EnabledFeatures: []string{"", ""}}},
		{`{"allowed_actions":["read","write"],"allowed_actions":["edit"],"allowed_actions":[null,null,null]}`,
			User{AllowedActions: []NamespaceActions{"edit", "write", ""}}},
		{`{"organizations":[{"allowed_actions":["read"]}],"organizations":[{"allowed_actions":[null,"x"]}]}`,
			User{Organizations: []OrganizationUser{{AllowedActions: []NamespaceActions{"read", "x"}}}}},
		{`{"last_activity_date":"2020-01-01 00:00:00","last_activity_date":null}`, User{}},
	} {
		got, err := codecUser(t, tc.doc)
		require.NoError(t, err, tc.doc)
		assert.True(t, reflect.DeepEqual(tc.want, got), "%s: got %s", tc.doc, fzDump(got))
	}
	for _, doc := range []string{`{"scope":"a","scope":["b","c"]}`, `{"scope":["b"],"scope":"a"}`, `{"scope":"a","scope":null}`,
		`{"token":"a","token":""}`, `{"scope":"a","scope":"b"}`, `{"scope":"a","scope":[null,"b"]}`,
		`{"scope":["a","b"],"scope":[null]}`} {
		fzCheckDecode[Token](t, []byte(doc), (*fzToken).model)
	}
	for _, doc := range []string{`{"code":1,"code":2}`, `{"message":"m","message":""}`, `{"code":1,"code":null}`} {
		fzCheckDecode[ModelError](t, []byte(doc), (*fzModelError).model)
	}
	fzCheckDecode[InlineObject](t, []byte(`{"password":"a","PASSWORD":""}`), (*fzInlineObject).model)
}

func TestCodecNull(t *testing.T) {
	t.Run("in every field", func(t *testing.T) {
		fields := []string{"id", "username", "password", "name", "email", "is_valid_email", "stripe_connect", "company",
			"logo", "last_activity_date", "timezone", "organizations", "allowed_actions", "enabled_features",
			"unpaid_subscription", "default_s3_path", "default_s3_path_credentials_name", "asset_locations",
			"default_namespace_charged", "default_region"}
		doc := "{"
		for i, f := range fields {
			if i > 0 {
				doc += ","
			}
			doc += `"` + f + `":null`
		}
		doc += "}"
		// Null sets every pointer and slice to nil, a nullable field (Logo) to
		// null, and leaves Username as it was.
		u := User{ID: codecStr("i"), Username: "keep", Password: codecStr("p"), IsValidEmail: codecBool(true),
			LastActivityDate: codecTime(time.Unix(1, 0)), Organizations: []OrganizationUser{{}},
			AllowedActions: []NamespaceActions{"read"}, EnabledFeatures: []string{"f"}, Logo: NewNullable("l"),
			AssetLocations: &AssetLocations{}, DefaultRegion: codecStr("r")}
		require.NoError(t, u.UnmarshalJSON([]byte(doc)))
		assert.True(t, reflect.DeepEqual(User{Username: "keep", Logo: Null[string]()}, u), fzDump(u))
		ref := fzUserMirror(&User{ID: codecStr("i"), Username: "keep", IsValidEmail: codecBool(true)})
		require.NoError(t, json.Unmarshal([]byte(doc), &ref))
		assert.True(t, reflect.DeepEqual(ref.model(), u), fzDump(ref))
		codecUser(t, doc)

		for _, tc := range []struct {
			doc  string
			into modelDecoder
			want modelDecoder
		}{
			{`{"user_id":null,"role":null,"allowed_actions":null}`,
				&OrganizationUser{UserID: codecStr("u"), Role: codecRole("owner"), AllowedActions: []NamespaceActions{}},
				&OrganizationUser{}},
			{`{"token":null,"issued_at":null,"scope":null}`,
				&Token{Token: codecStr("t"), IssuedAt: codecTime(time.Unix(1, 0)), Scope: []TokenScope{"*"}}, &Token{}},
			{`{"expires":null,"scope":null}`, &TokenRequest{Scope: []TokenScope{}}, &TokenRequest{}},
			{`{"default":null,"buckets":null,"created_at":null}`,
				&AWSAccessCredentials{Default: codecBool(false), Buckets: []string{}}, &AWSAccessCredentials{}},
			{`{"password":null}`, &InlineObject{Password: codecStr("p")}, &InlineObject{}},
			{`{"code":null,"message":null}`, &ModelError{Code: codecInt(1), Message: codecStr("m")}, &ModelError{}},
		} {
			require.NoError(t, tc.into.(json.Unmarshaler).UnmarshalJSON([]byte(tc.doc)), tc.doc)
			assert.True(t, reflect.DeepEqual(tc.want, tc.into), "%s: %s", tc.doc, fzDump(tc.into))
		}
	})
	t.Run("top level", func(t *testing.T) {
		u := User{Username: "keep"}
		require.NoError(t, u.UnmarshalJSON([]byte(" null ")))
		assert.Equal(t, "keep", u.Username)
		// A response body of null is an error where an object is expected,
		// and no list for a list.
		d := getDecoder([]byte("null"), nil, 0)
		err := d.decodeResponse(new(User))
		putDecoder(d)
		require.Error(t, err)
		list := []Token{{}}
		d = getDecoder([]byte("null"), nil, 0)
		require.NoError(t, d.decodeResponse((*modelList[Token, *Token])(&list)))
		putDecoder(d)
		assert.Nil(t, list)
	})
	t.Run("in array elements", func(t *testing.T) {
		u, err := codecUser(t, `{"organizations":[null,{"role":"admin"},null],"allowed_actions":[null,"read"],"enabled_features":[null,"f"]}`)
		require.NoError(t, err)
		assert.Equal(t, []OrganizationUser{{}, {Role: codecRole("admin")}, {}}, u.Organizations)
		assert.Equal(t, []NamespaceActions{"", "read"}, u.AllowedActions)
		assert.Equal(t, []string{"", "f"}, u.EnabledFeatures)
		fzCheckDecode[Token](t, []byte(`{"scope":[null,"*"]}`), (*fzToken).model)
		fzCheckDecode[Token](t, []byte(`[null,{"name":"n"},null]`), (*fzToken).model)
	})
	t.Run("empty arrays are not nil", func(t *testing.T) {
		u, err := codecUser(t, `{"organizations":[],"allowed_actions":[],"enabled_features":[ ]}`)
		require.NoError(t, err)
		assert.NotNil(t, u.Organizations)
		assert.NotNil(t, u.AllowedActions)
		assert.NotNil(t, u.EnabledFeatures)
		assert.Empty(t, u.EnabledFeatures)
		var tok Token
		require.NoError(t, codecDecode(t, []byte(`{"scope":[]}`), &tok))
		assert.Equal(t, []TokenScope{}, tok.Scope)
	})
}

func TestCodecWhitespace(t *testing.T) {
	ws := " \t\r\n"
	doc := ws + "{" + ws + `"id"` + ws + ":" + ws + `"a"` + ws + "," + ws + `"organizations"` + ws + ":" + ws + "[" + ws +
		"{" + ws + `"role"` + ws + ":" + ws + `"owner"` + ws + "}" + ws + "," + ws + "null" + ws + "]" + ws + "," + ws +
		`"x"` + ws + ":" + ws + "[" + ws + "1" + ws + "," + ws + "true" + ws + "," + ws + "{" + ws + "}" + ws + "]" + ws + "}" + ws
	u, err := codecUser(t, doc)
	require.NoError(t, err)
	assert.Equal(t, "a", u.GetID())
	assert.Equal(t, []OrganizationUser{{Role: codecRole("owner")}, {}}, u.Organizations)
	// Only those four bytes are JSON white space.
	for _, bad := range []string{"\v", "\f", "\u00a0", "\u2028", "\x00", "\ufeff"} {
		for _, doc := range []string{bad + `{}`, `{` + bad + `}`, `{"id":` + bad + `"a"}`, `{}` + bad} {
			_, err := codecUser(t, doc)
			require.Error(t, err, "%q", doc)
		}
	}
}

func TestCodecTrailingData(t *testing.T) {
	for _, tc := range []struct {
		doc string
		ok  bool
	}{
		{`{}`, true}, {"{} \t\r\n", true}, {`{} x`, false}, {`{}{}`, false}, {`{}]`, false}, {`{},`, false},
		{`{}}`, false}, {"{}\x00", false}, {`{} null`, false}, {`{}"`, false}, {`{}1`, false},
	} {
		_, err := codecUser(t, tc.doc)
		assert.Equal(t, tc.ok, err == nil, "%q: %v", tc.doc, err)
	}
	var list []Token
	require.Error(t, codecDecode(t, []byte(`[] []`), (*modelList[Token, *Token])(&list)))
}

func TestCodecEmptyInput(t *testing.T) {
	for _, doc := range []string{"", " ", "\n\t\r "} {
		_, err := codecUser(t, doc)
		var jerr *JSONError
		require.ErrorAs(t, err, &jerr, "%q", doc)
		assert.Contains(t, jerr.Msg, "unexpected end of JSON input")
		d := getDecoder(nil, strings.NewReader(doc), 0)
		err = d.decodeResponse(new(User))
		putDecoder(d)
		require.ErrorAs(t, err, &jerr, "%q", doc)
	}
}

// TestCodecBufferBoundary moves each kind of token across the end of the
// 8 KiB stream buffer, one byte at a time, so that every split point (a
// multi-byte rune with 1, 2 or 3 bytes before the boundary, an escape cut
// after the backslash or inside its hex digits) is read across a refill.
func TestCodecBufferBoundary(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string // what comes before the token that straddles the boundary
		token  string
		rest   string
		check  func(t *testing.T, u *User)
	}{
		{"key", `{`, `"last_activity_date"`, `:"2021-03-04T05:06:07.5Z"}`, func(t *testing.T, u *User) {
			assert.Equal(t, time.Date(2021, 3, 4, 5, 6, 7, 5e8, time.UTC), u.GetLastActivityDate())
		}},
		{"plain string", `{"name":`, `"abcdefghijklmnop"`, `}`, func(t *testing.T, u *User) {
			assert.Equal(t, "abcdefghijklmnop", u.GetName())
		}},
		{"multi-byte runes", `{"name":`, `"é€😀é€😀"`, `}`, func(t *testing.T, u *User) {
			assert.Equal(t, "é€😀é€😀", u.GetName())
		}},
		{"escapes", `{"name":`, `"\u00e9\ud83d\ude00\n\"\\"`, `}`, func(t *testing.T, u *User) {
			assert.Equal(t, "é😀\n\"\\", u.GetName())
		}},
		{"invalid UTF-8", `{"name":`, "\"a\xe2\x82\xffb\"", `}`, func(t *testing.T, u *User) {
			assert.Equal(t, "a\ufffd\ufffd\ufffdb", u.GetName())
		}},
		{"true", `{"is_valid_email":`, `true`, `}`, func(t *testing.T, u *User) {
			assert.True(t, u.GetIsValidEmail())
		}},
		{"false", `{"is_valid_email":`, `false`, `}`, func(t *testing.T, u *User) {
			assert.False(t, u.GetIsValidEmail())
			assert.NotNil(t, u.IsValidEmail)
		}},
		{"null", `{"id":"x","id":`, `null`, `}`, func(t *testing.T, u *User) {
			assert.Nil(t, u.ID)
		}},
		{"number", `{"x":`, `-12345.678e-9`, `,"id":"a"}`, func(t *testing.T, u *User) {
			assert.Equal(t, "a", u.GetID())
		}},
		{"enum list", `{"allowed_actions":`, `["read","group:*"]`, `}`, func(t *testing.T, u *User) {
			assert.Equal(t, []NamespaceActions{"read", "group:*"}, u.AllowedActions)
		}},
		{"date-time", `{"last_activity_date":`, `"1970-01-01 00:00:00"`, `}`, func(t *testing.T, u *User) {
			assert.Equal(t, time.Unix(0, 0).UTC(), u.GetLastActivityDate())
		}},
	} {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			for shift := -2; shift <= len(tc.token)+1; shift++ {
				// The token's first byte lands at offset streamBufferSize-shift.
				pad := streamBufferSize - shift - len(tc.prefix)
				doc := strings.Repeat(" ", pad) + tc.prefix + tc.token + tc.rest
				u, err := codecUser(t, doc)
				require.NoError(t, err, "shift %d", shift)
				tc.check(t, &u)
			}
		})
	}
	t.Run("ModelError code", func(t *testing.T) {
		for shift := -1; shift <= 21; shift++ {
			prefix := `{"code":`
			doc := strings.Repeat(" ", streamBufferSize-shift-len(prefix)) + prefix + `-9223372036854775808}`
			var e ModelError
			require.NoError(t, codecDecode(t, []byte(doc), &e))
			assert.Equal(t, int64(-9223372036854775808), e.GetCode())
		}
	})
	t.Run("a string longer than the buffer", func(t *testing.T) {
		long := strings.Repeat("é€😀x", 3*streamBufferSize/10)
		u, err := codecUser(t, `{"name":"`+long+`","id":"`+strings.Repeat(`\n`, streamBufferSize)+`"}`)
		require.NoError(t, err)
		assert.Equal(t, long, u.GetName())
		assert.Equal(t, strings.Repeat("\n", streamBufferSize), u.GetID())
	})
}

// codecUserBody is a User document of exactly n bytes (n ≥ 20).
func codecUserBody(n int) []byte {
	const head, tail = `{"username":"jane","name":"`, `"}`
	return []byte(head + strings.Repeat("x", n-len(head)-len(tail)) + tail)
}

func TestCodecMaxResponseBytes(t *testing.T) {
	for _, size := range []int{40, streamBufferSize - 1, streamBufferSize, streamBufferSize + 1, 3*streamBufferSize + 5} {
		body := codecUserBody(size)
		require.Len(t, body, size)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		}))
		t.Cleanup(srv.Close)
		for _, limit := range []int{size, size + 1, size - 1, size / 2} {
			cfg := NewConfiguration()
			cfg.BasePath = srv.URL
			cfg.Retry = RetryPolicy{Disabled: true}
			cfg.MaxResponseBytes = int64(limit)
			user, _, err := NewAPIClient(cfg).UserApi.GetUser(context.Background())
			if limit >= size {
				require.NoError(t, err, "size %d, limit %d", size, limit)
				assert.Equal(t, "jane", user.Username)
				assert.Len(t, user.GetName(), size-len(`{"username":"jane","name":""}`))
				continue
			}
			var derr *DecodeError
			require.ErrorAs(t, err, &derr, "size %d, limit %d", size, limit)
			require.ErrorIs(t, err, ErrResponseTooLarge, "size %d, limit %d", size, limit)
		}
	}
	t.Run("decoder", func(t *testing.T) {
		// Trailing white space counts: the body as a whole is over the limit.
		for _, body := range [][]byte{codecUserBody(100), append(codecUserBody(100), "  \n"...)} {
			for _, mk := range []func() io.Reader{
				func() io.Reader { return bytes.NewReader(body) },
				func() io.Reader { return iotest.OneByteReader(bytes.NewReader(body)) },
				func() io.Reader { return &fzChunkReader{r: bytes.NewReader(body), n: 9} },
			} {
				var u User
				require.NoError(t, fzStreamDecode(nil, mk(), int64(len(body)), &u, true))
				assert.Equal(t, "jane", u.Username)
				err := fzStreamDecode(nil, mk(), int64(len(body)-1), new(User), true)
				require.ErrorIs(t, err, ErrResponseTooLarge)
			}
		}
	})
}

// codecServe serves body as JSON from a test server and returns a client for
// it with the given response size limit and no retries.
func codecServe(t *testing.T, body []byte, limit int64) *APIClient {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL
	cfg.Retry = RetryPolicy{Disabled: true}
	cfg.MaxResponseBytes = limit
	return NewAPIClient(cfg)
}

// codecDocAt is `{"username":"jane",` + token + `}` with white space before
// token so that it starts at offset at.
func codecDocAt(token string, at int) []byte {
	const head = `{"username":"jane",`
	return []byte(head + strings.Repeat(" ", at-len(head)) + token + "}")
}

func TestCodecLimitInsideNumber(t *testing.T) {
	// The reproduction: an unknown field's number straddles both the
	// end of the first read buffer and the limit.
	body := codecDocAt(`"x":1234567`, streamBufferSize-7)
	at := bytes.Index(body, []byte("1234567"))
	require.Less(t, at, streamBufferSize)
	for limit := at + 1; limit < at+len("1234567"); limit++ {
		_, _, err := codecServe(t, body, int64(limit)).UserApi.GetUser(context.Background())
		require.ErrorIs(t, err, ErrResponseTooLarge, "limit %d for %d bytes", limit, len(body))
		var derr *DecodeError
		require.ErrorAs(t, err, &derr)
		var jerr *JSONError
		require.False(t, errors.As(err, &jerr), "limit %d: %v", limit, err)
	}
	user, _, err := codecServe(t, body, int64(len(body))).UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
}

func TestCodecLimitAnywhere(t *testing.T) {
	// Every token kind, placed well inside the first buffer and across its
	// end; every limit from just before the token to just after it must fail
	// with ErrResponseTooLarge, whatever the reads look like.
	tokens := []struct{ name, token string }{
		{"number", `"x":1234567`},
		{"number with fraction and exponent", `"x":-12.5e+30`},
		{"zero", `"x":0`},
		{"array of numbers", `"x":[9223372036854775807,-1e-9]`},
		{"models", `"organizations":[{"id":"o","role":"owner"}]`},
		{"true", `"is_valid_email":true`},
		{"false", `"stripe_connect":false`},
		{"null", `"name":null`},
		{"string", `"name":"Jane Doe"`},
		{"escape", `"name":"a\nb\"c\\d"`},
		{"unicode escape", `"name":"\u00e9\u20ac"`},
		{"surrogate pair", `"name":"\ud83d\ude00"`},
		{"multi-byte UTF-8", `"name":"é€😀"`},
		{"invalid UTF-8", "\"name\":\"a\xff\xe2\x82b\""},
		{"key", `"enabled_features":["a","b"]`},
		{"unknown key", `"some_unknown_key":{}`},
		{"date-time", `"last_activity_date":"2024-01-02T03:04:05.123456Z"`},
		{"between tokens", `"name"  :  "j"  ,  "id"  :  "i"`},
		{"nested", `"x":{"a":[1,{"b":[true,null]}],"c":"d"}`},
	}
	readers := map[string]func([]byte) io.Reader{
		"whole":   func(b []byte) io.Reader { return bytes.NewReader(b) },
		"1 byte":  func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
		"7 bytes": func(b []byte) io.Reader { return &fzChunkReader{r: bytes.NewReader(b), n: 7} },
	}
	for _, tc := range tokens {
		t.Run(tc.name, func(t *testing.T) {
			for _, at := range []int{40, streamBufferSize - len(tc.token)/2} {
				doc := codecDocAt(tc.token, at)
				var want User
				require.NoError(t, fzStreamDecode(doc, nil, 0, &want, true))
				for limit := at - 2; limit <= len(doc); limit++ {
					for name, r := range readers {
						var got User
						err := fzStreamDecode(nil, r(doc), int64(limit), &got, true)
						if limit == len(doc) {
							require.NoError(t, err, "%s", name)
							require.Equal(t, want, got, "%s", name)
							continue
						}
						require.ErrorIs(t, err, ErrResponseTooLarge, "%s, token at %d, limit %d for %d bytes", name, at, limit, len(doc))
					}
				}
			}
		})
	}
	t.Run("syntax error within the limit", func(t *testing.T) {
		// A document already wrong before the limit reports that, not the
		// limit, even where the wrong bytes run up to it.
		for _, tc := range []struct{ token, bad string }{
			{`"name":x,"id":"abc"`, "x"},
			{`"x":00,"id":"abc"`, "0,"},
			{`"x":1.e5,"id":"abc"`, "e"},
			{`"name":"a\qb","id":"abc"`, "q"},
		} {
			at := streamBufferSize - 2
			doc := codecDocAt(tc.token, at)
			bad := at + strings.Index(tc.token, tc.bad)
			for limit := bad + 1; limit < len(doc); limit++ {
				for name, r := range readers {
					err := fzStreamDecode(nil, r(doc), int64(limit), new(User), true)
					var jerr *JSONError
					require.ErrorAs(t, err, &jerr, "%s, %s, limit %d", tc.token, name, limit)
					require.Equal(t, int64(bad), jerr.Offset, "%s, %s, limit %d", tc.token, name, limit)
				}
			}
		}
	})
}

// codecErrAfter returns data, then err.
func codecErrAfter(data string, err error) io.Reader {
	return io.MultiReader(strings.NewReader(data), iotest.ErrReader(err))
}

func TestCodecReadError(t *testing.T) {
	boom := errors.New("connection reset by peer")
	for _, prefix := range []string{
		``, `{`, `{"name":"ab`, `{"name":"a\`, `{"name":"a\u00`, "{\"name\":\"\xe2\x82", `{"name`, `{"name":"a"`,
		`{"is_valid_email":tr`, `{"x":12`, `{"x":-`, `{"x":1.5e`, `{"organizations":[{}`, `{"name":"a"}`, "{\"name\":\"a\"}\n",
	} {
		var u User
		err := fzStreamDecode(nil, codecErrAfter(prefix, boom), 0, &u, true)
		var rerr *readError
		require.ErrorAs(t, err, &rerr, "%q", prefix)
		require.ErrorIs(t, err, boom, "%q", prefix)
	}
	// A syntax error before the failure is reported as such.
	err := fzStreamDecode(nil, codecErrAfter(`{"name":x`, boom), 0, new(User), true)
	var jerr *JSONError
	require.ErrorAs(t, err, &jerr)

	t.Run("through the client", func(t *testing.T) {
		cfg := NewConfiguration()
		cfg.BasePath = "http://127.0.0.1:1"
		cfg.Retry = RetryPolicy{Disabled: true}
		cfg.HTTPClient = &http.Client{Transport: fzRoundTripper(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(codecErrAfter(`{"username":"ja`, boom)), Request: req}, nil
		})}
		_, resp, err := NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NotNil(t, resp)
		var reqErr *RequestError
		require.ErrorAs(t, err, &reqErr)
		require.ErrorIs(t, err, boom)
	})
}

// codecStuckReader returns data, then (0, nil) forever.
type codecStuckReader struct {
	data  []byte
	calls int
}

func (r *codecStuckReader) Read(p []byte) (int, error) {
	r.calls++
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestCodecReaderNoProgress(t *testing.T) {
	for _, data := range []string{"", `{"name":"a`, `{"name":"a"}`, `[{"name":"a"},`} {
		r := &codecStuckReader{data: []byte(data)}
		var v modelDecoder = new(User)
		if strings.HasPrefix(data, "[") {
			v = new(modelList[Token, *Token])
		}
		err := fzStreamDecode(nil, r, 0, v, true)
		require.ErrorIs(t, err, io.ErrNoProgress, "%q", data)
		var rerr *readError
		require.ErrorAs(t, err, &rerr)
		assert.LessOrEqual(t, r.calls, 102, "reads of %q", data)
	}
}

// codecTokenList is a JSON list of n tokens with names of nameLen bytes, in
// the forms today's service sends.
func codecTokenList(n, nameLen int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		name := strconv.Itoa(i) + strings.Repeat("n", nameLen)
		scope := `"*"`
		switch i % 3 {
		case 1:
			scope = `["user:read","group:*"]`
		case 2:
			scope = `[]`
		}
		issued := "2024-05-01T10:11:12Z"
		if i%2 == 1 {
			issued = "2024-05-01 10:11:12"
		}
		fmt.Fprintf(&b, `{"token":"tok-%d-\u00e9","name":"%s","issued_at":"%s","expires_at":"2024-06-01T10:11:12.%03d+02:00","scope":%s}`,
			i, name, issued, i%1000, scope)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// codecCheckTokenList asserts that data decodes as encoding/json decodes it,
// from a byte slice and from streams.
func codecCheckTokenList(t *testing.T, data []byte) []Token {
	t.Helper()
	var ref []fzToken
	require.NoError(t, json.Unmarshal(data, &ref))
	want := make([]Token, len(ref))
	for i := range ref {
		want[i] = ref[i].model()
	}
	var got []Token
	require.NoError(t, codecDecode(t, data, (*modelList[Token, *Token])(&got)))
	require.True(t, reflect.DeepEqual(want, got), "token lists differ")
	return got
}

func TestCodecArenaFlush(t *testing.T) {
	// 200 tokens with 300-byte names: several flushes of the 16 KiB arena.
	data := codecTokenList(200, 300)
	require.Greater(t, len(data), 4*arenaFlushSize)
	got := codecCheckTokenList(t, data)
	assert.Equal(t, "199"+strings.Repeat("n", 300), got[199].GetName())

	t.Run("non-pointer string fields in a growing list", func(t *testing.T) {
		// User.username is assigned at the flush; growing the list moved the
		// users, and their usernames were lost (this failed before the fix).
		for _, n := range []int{5, 17, 300} {
			var b strings.Builder
			b.WriteString("[")
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `{"username":"user%d","name":"%s","enabled_features":["f%d"]}`, i, strings.Repeat("n", 200), i)
			}
			b.WriteString("]")
			var ref []fzUser
			require.NoError(t, json.Unmarshal([]byte(b.String()), &ref))
			var got []User
			require.NoError(t, codecDecode(t, []byte(b.String()), (*modelList[User, *User])(&got)))
			require.Len(t, got, n)
			for i := range got {
				require.Equal(t, "user"+strconv.Itoa(i), got[i].Username)
				require.True(t, reflect.DeepEqual(ref[i].model(), got[i]), "user %d: %s", i, fzDump(got[i]))
			}
		}
	})
	t.Run("one model with many strings", func(t *testing.T) {
		orgs := make([]string, 100)
		for i := range orgs {
			orgs[i] = fmt.Sprintf(`{"user_id":"%d%s","organization_name":"o%d","allowed_actions":["read","x%d"]}`, i, strings.Repeat("u", 300), i, i)
		}
		doc := `{"username":"u","organizations":[` + strings.Join(orgs, ",") + `],"name":"last","enabled_features":["` +
			strings.Repeat("f", 20000) + `","g"]}`
		u, err := codecUser(t, doc)
		require.NoError(t, err)
		assert.Equal(t, "u", u.Username)
		assert.Equal(t, "last", u.GetName())
		assert.Equal(t, "o99", u.Organizations[99].GetOrganizationName())
	})
}

func TestCodecTenThousandTokens(t *testing.T) {
	data := codecTokenList(10000, 8)
	got := codecCheckTokenList(t, data)
	require.Len(t, got, 10000)
	assert.Equal(t, []TokenScope{"user:read", "group:*"}, got[9997].Scope)
	assert.Equal(t, "9999nnnnnnnn", got[9999].GetName())

	// And through the client from a loopback server, chunked.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		for rest := data; len(rest) > 0; {
			n := 5000
			if n > len(rest) {
				n = len(rest)
			}
			_, _ = w.Write(rest[:n])
			w.(http.Flusher).Flush()
			rest = rest[n:]
		}
	}))
	t.Cleanup(srv.Close)
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL
	cfg.Retry = RetryPolicy{Disabled: true}
	tokens, _, err := NewAPIClient(cfg).UserApi.TokensGet(context.Background())
	require.NoError(t, err)
	assert.True(t, reflect.DeepEqual(got, tokens))
}

func TestCodecScopeForms(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want []TokenScope
		ok   bool
	}{
		{`{"scope":"*"}`, []TokenScope{TokenScopeAll}, true},
		{`{"scope":"group:*"}`, []TokenScope{"group:*"}, true},
		{`{"scope":["user:read","array:read-write","group:*"]}`, []TokenScope{"user:read", "array:read-write", "group:*"}, true},
		{`{"scope":[]}`, []TokenScope{}, true},
		{`{"scope":null}`, nil, true},
		{`{"scope":""}`, []TokenScope{""}, true},
		{`{"scope":1}`, nil, false},
		{`{"scope":{}}`, nil, false},
		{`{"scope":[1]}`, nil, false},
		{`{"scope":[["*"]]}`, nil, false},
		{`{"scope":true}`, nil, false},
	} {
		fzCheckDecode[Token](t, []byte(tc.doc), (*fzToken).model)
		var tok Token
		err := codecDecode(t, []byte(tc.doc), &tok)
		if !tc.ok {
			require.Error(t, err, tc.doc)
			continue
		}
		require.NoError(t, err, tc.doc)
		assert.Equal(t, tc.want, tok.Scope, tc.doc)
		for _, s := range tok.Scope {
			assert.Equal(t, s != "group:*" && s != "", s.IsValid(), s)
		}
	}
}

func TestCodecEncodeMatchesEncodingJSON(t *testing.T) {
	athens := time.FixedZone("EET", 2*3600)
	user := User{ID: codecStr("i"), Username: "<jane & co>", Password: codecStr("p\u2028w"), Name: codecStr("J\xffD"),
		IsValidEmail: codecBool(false), LastActivityDate: codecTime(time.Date(2021, 3, 4, 5, 6, 7, 120000000, athens)),
		Organizations:  []OrganizationUser{{Role: codecRole("read_write_delete"), AllowedActions: []NamespaceActions{"group:*"}}},
		AllowedActions: []NamespaceActions{}, EnabledFeatures: []string{"a", "\x00"}}
	got, err := json.Marshal(user)
	require.NoError(t, err)
	mirror := fzUserMirror(&user)
	want, err := json.Marshal(mirror)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.Contains(t, string(got), `"last_activity_date":"2021-03-04T05:06:07.12+02:00"`)
	assert.Contains(t, string(got), `"username":"\u003cjane \u0026 co\u003e"`)

	for _, tc := range []struct {
		name string
		tm   time.Time
		ok   bool
	}{
		{"year 9999", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), true},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"year -1", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"offset 23:59", time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", 23*3600+59*60)), true},
		{"offset 24:00", time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", -24*3600)), false},
	} {
		tok := Token{IssuedAt: &tc.tm, Scope: []TokenScope{"a", "b"}}
		got, err := tok.MarshalJSON()
		m := fzTokenMirror(&tok)
		want, wantErr := json.Marshal(m)
		require.Equal(t, tc.ok, err == nil, "%s: %v", tc.name, err)
		require.Equal(t, tc.ok, wantErr == nil, "%s: %v", tc.name, wantErr)
		assert.Equal(t, string(want), string(got), tc.name)
	}
}
