package test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// tiledbEnvVars are the variables NewConfigurationFromEnv reads.
var tiledbEnvVars = []string{
	"TILEDB_REST_HOST", "TILEDB_REST_TOKEN", "TILEDB_REST_USERNAME",
	"TILEDB_REST_PASSWORD", "TILEDB_REST_IGNORE_SSL_VALIDATION",
}

// emptyHome points HOME at a new empty directory and clears the TileDB
// variables, so that the machine's own login and environment never leak in.
func emptyHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // os.UserHomeDir on Windows
	for _, v := range tiledbEnvVars {
		t.Setenv(v, "")
	}
	return home
}

// writeLoginFile writes ~/.tiledb/cloud.json under home with the given mode
// and returns its path.
func writeLoginFile(t *testing.T, home, content string, mode os.FileMode) string {
	t.Helper()
	dir := filepath.Join(home, ".tiledb")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	path := filepath.Join(dir, "cloud.json")
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	// WriteFile's mode is filtered by the umask; set it exactly.
	require.NoError(t, os.Chmod(path, mode))
	return path
}

// captureSlog makes slog.Default write JSON records into the returned buffer
// until the test ends.
func captureSlog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

// logRecords decodes the JSON records in buf.
func logRecords(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	for dec.More() {
		var rec map[string]any
		require.NoError(t, dec.Decode(&rec))
		out = append(out, rec)
	}
	return out
}

// warnings returns the messages of the WARN records in buf.
func warnings(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, rec := range logRecords(t, buf) {
		if rec["level"] == "WARN" {
			out = append(out, rec)
		}
	}
	return out
}

// configFromEnv calls NewConfigurationFromEnv and requires it to succeed,
// with ErrNoCredentials exactly when the result has no credentials.
func configFromEnv(t *testing.T) *tiledbcloud.Configuration {
	t.Helper()
	cfg, err := tiledbcloud.NewConfigurationFromEnv()
	require.NotNil(t, cfg, "%v", err)
	if cfg.APIKey == "" && cfg.Username == "" && cfg.Password == "" {
		require.ErrorIs(t, err, tiledbcloud.ErrNoCredentials)
	} else {
		require.NoError(t, err)
	}
	return cfg
}

func TestNewConfigurationFromEnvDefaults(t *testing.T) {
	emptyHome(t)
	logs := captureSlog(t)
	cfg, err := tiledbcloud.NewConfigurationFromEnv()
	assert.Equal(t, tiledbcloud.NewConfiguration(), cfg, "no file and no variables give NewConfiguration's defaults")
	require.ErrorIs(t, err, tiledbcloud.ErrNoCredentials, "the caller learns that no credentials were found")
	assert.NotErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	for _, where := range []string{"~/.tiledb/cloud.json", "TILEDB_REST_TOKEN", "TILEDB_REST_USERNAME", "TILEDB_REST_PASSWORD"} {
		assert.Contains(t, err.Error(), where, "the error says where credentials were looked for")
	}
	assert.Empty(t, logs.String(), "nothing to warn about")
}

func TestNewConfigurationFromEnvVariables(t *testing.T) {
	tests := []struct {
		name, env, value string
		check            func(t *testing.T, cfg *tiledbcloud.Configuration)
	}{
		{"host", "TILEDB_REST_HOST", "https://eu.tiledb.test", func(t *testing.T, cfg *tiledbcloud.Configuration) {
			assert.Equal(t, "https://eu.tiledb.test/v1", cfg.BasePath)
		}},
		{"token", "TILEDB_REST_TOKEN", "env-token-1", func(t *testing.T, cfg *tiledbcloud.Configuration) {
			assert.Equal(t, "env-token-1", cfg.APIKey)
		}},
		{"username", "TILEDB_REST_USERNAME", "env-user", func(t *testing.T, cfg *tiledbcloud.Configuration) {
			assert.Equal(t, "env-user", cfg.Username)
		}},
		{"password", "TILEDB_REST_PASSWORD", "env-password", func(t *testing.T, cfg *tiledbcloud.Configuration) {
			assert.Equal(t, "env-password", cfg.Password)
		}},
		{"ignore ssl", "TILEDB_REST_IGNORE_SSL_VALIDATION", "true", func(t *testing.T, cfg *tiledbcloud.Configuration) {
			assert.True(t, cfg.InsecureSkipVerify)
		}},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			emptyHome(t)
			captureSlog(t)
			t.Setenv(tt.env, tt.value)
			cfg := configFromEnv(t)
			tt.check(t, cfg)

			// Every other field keeps its default.
			want := tiledbcloud.NewConfiguration()
			got := *cfg
			got.BasePath, got.APIKey, got.Username, got.Password, got.InsecureSkipVerify =
				want.BasePath, want.APIKey, want.Username, want.Password, want.InsecureSkipVerify
			assert.Equal(t, want, &got)
		})
	}
}

func TestNewConfigurationFromEnvHostNormalization(t *testing.T) {
	tests := []struct{ host, want string }{
		{"https://api.tiledb.com", "https://api.tiledb.com/v1"},
		{"https://api.tiledb.com/", "https://api.tiledb.com/v1"},
		{"https://api.tiledb.com///", "https://api.tiledb.com/v1"},
		{"api.tiledb.com", "https://api.tiledb.com/v1"},
		{"api.tiledb.com/", "https://api.tiledb.com/v1"},
		{"eu.api.tiledb.test:8443", "https://eu.api.tiledb.test:8443/v1"},
		{"http://localhost:8181", "http://localhost:8181/v1"},
		{"https://api.tiledb.com/v1", "https://api.tiledb.com/v1"},
		{"https://api.tiledb.com/v1/", "https://api.tiledb.com/v1"},
		{"https://gateway.test/tiledb/api/v1", "https://gateway.test/tiledb/api/v1"},
		{"https://gateway.test/custom", "https://gateway.test/custom"},
		{"  https://api.tiledb.com  ", "https://api.tiledb.com/v1"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.host, func(t *testing.T) {
			emptyHome(t)
			t.Setenv("TILEDB_REST_HOST", tt.host)
			cfg := configFromEnv(t)
			assert.Equal(t, tt.want, cfg.BasePath)
		})
		t.Run("file/"+tt.host, func(t *testing.T) {
			home := emptyHome(t)
			doc, _ := json.Marshal(map[string]string{"host": tt.host})
			writeLoginFile(t, home, string(doc), 0o600)
			cfg := configFromEnv(t)
			assert.Equal(t, tt.want, cfg.BasePath)
		})
	}
}

func TestNewConfigurationFromEnvBadHost(t *testing.T) {
	for _, host := range []string{
		"ftp://api.tiledb.test",
		"https://",
		"https://user:hunter2-host-secret@api.tiledb.test",
		"https://api.tiledb.test/v1?x=1",
		"https://api.tiledb.test/v1#frag",
		"https://api.tiledb.test:port/",
		"https://[::1",
	} {
		host := host
		t.Run(host, func(t *testing.T) {
			emptyHome(t)
			t.Setenv("TILEDB_REST_HOST", host)
			cfg, err := tiledbcloud.NewConfigurationFromEnv()
			require.Error(t, err)
			assert.Nil(t, cfg)
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "TILEDB_REST_HOST")
			assert.NotContains(t, err.Error(), "hunter2-host-secret")
		})
	}
}

// fullLoginFile is a login file as the TileDB Python client writes it, with
// keys this SDK does not use.
const fullLoginFile = `{
    "api_key": {"X-TILEDB-REST-API-KEY": "file-key"},
    "ca_file": null,
    "host": "https://file.tiledb.test",
    "logged_in": true,
    "password": "file-password",
    "username": "file-user",
    "verify_ssl": true
}`

func TestNewConfigurationFromEnvLoginFile(t *testing.T) {
	home := emptyHome(t)
	logs := captureSlog(t)
	writeLoginFile(t, home, fullLoginFile, 0o600)
	cfg := configFromEnv(t)
	assert.Equal(t, "https://file.tiledb.test/v1", cfg.BasePath)
	assert.Equal(t, "file-key", cfg.APIKey)
	assert.Equal(t, "file-user", cfg.Username)
	assert.Equal(t, "file-password", cfg.Password)
	assert.False(t, cfg.InsecureSkipVerify)
	assert.Empty(t, warnings(t, logs), "a 0600 file with verify_ssl true warns about nothing")
}

func TestNewConfigurationFromEnvLoginFileVariants(t *testing.T) {
	tests := []struct {
		name, content string
		want          func() *tiledbcloud.Configuration
	}{
		{"nulls", `{"api_key": null, "username": null, "password": null, "host": null, "verify_ssl": null}`,
			tiledbcloud.NewConfiguration},
		{"empty object", `{}`, tiledbcloud.NewConfiguration},
		{"empty api_key object", `{"api_key": {}, "host": "https://h.test"}`, func() *tiledbcloud.Configuration {
			c := tiledbcloud.NewConfiguration()
			c.BasePath = "https://h.test/v1"
			return c
		}},
		{"api_key with other headers", `{"api_key": {"Other": "x", "x-tiledb-rest-api-key": "lower-key"}}`, func() *tiledbcloud.Configuration {
			c := tiledbcloud.NewConfiguration()
			c.APIKey = "lower-key"
			return c
		}},
		{"basic only", `{"username": "u1", "password": "p1"}`, func() *tiledbcloud.Configuration {
			c := tiledbcloud.NewConfiguration()
			c.Username, c.Password = "u1", "p1"
			return c
		}},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			home := emptyHome(t)
			writeLoginFile(t, home, tt.content, 0o600)
			cfg := configFromEnv(t)
			assert.Equal(t, tt.want(), cfg)
		})
	}
}

func TestNewConfigurationFromEnvPrecedence(t *testing.T) {
	t.Run("environment beats file", func(t *testing.T) {
		home := emptyHome(t)
		logs := captureSlog(t)
		writeLoginFile(t, home, `{"api_key": {"X-TILEDB-REST-API-KEY": "file-key"}, "host": "https://file.test",
			"username": "file-user", "password": "file-password", "verify_ssl": false}`, 0o600)
		t.Setenv("TILEDB_REST_HOST", "https://env.test")
		t.Setenv("TILEDB_REST_TOKEN", "env-key")
		t.Setenv("TILEDB_REST_USERNAME", "env-user")
		t.Setenv("TILEDB_REST_PASSWORD", "env-password")
		t.Setenv("TILEDB_REST_IGNORE_SSL_VALIDATION", "false")
		cfg := configFromEnv(t)
		assert.Equal(t, "https://env.test/v1", cfg.BasePath)
		assert.Equal(t, "env-key", cfg.APIKey)
		assert.Equal(t, "env-user", cfg.Username)
		assert.Equal(t, "env-password", cfg.Password)
		assert.False(t, cfg.InsecureSkipVerify, "TILEDB_REST_IGNORE_SSL_VALIDATION=false beats verify_ssl false")
		assert.Empty(t, warnings(t, logs))
	})
	t.Run("file fills what the environment leaves unset", func(t *testing.T) {
		home := emptyHome(t)
		writeLoginFile(t, home, fullLoginFile, 0o600)
		t.Setenv("TILEDB_REST_HOST", "https://env.test")
		cfg := configFromEnv(t)
		assert.Equal(t, "https://env.test/v1", cfg.BasePath)
		assert.Equal(t, "file-key", cfg.APIKey)
		assert.Equal(t, "file-user", cfg.Username)
		assert.Equal(t, "file-password", cfg.Password)
	})
	for _, creds := range []map[string]string{
		{"TILEDB_REST_TOKEN": "env-key"},
		{"TILEDB_REST_USERNAME": "env-user", "TILEDB_REST_PASSWORD": "env-password"},
	} {
		creds := creds
		t.Run(fmt.Sprintf("credentials in the environment: the file is not read (%d variables)", len(creds)), func(t *testing.T) {
			home := emptyHome(t)
			logs := captureSlog(t)
			writeLoginFile(t, home, `{"host": "https://file.test", "verify_ssl": false, "password": hunter2}`, 0o644)
			for k, v := range creds {
				t.Setenv(k, v)
			}
			cfg := configFromEnv(t)
			assert.Equal(t, tiledbcloud.NewConfiguration().BasePath, cfg.BasePath, "not the file's host")
			assert.False(t, cfg.InsecureSkipVerify, "not the file's verify_ssl")
			assert.Equal(t, creds["TILEDB_REST_TOKEN"], cfg.APIKey)
			assert.Equal(t, creds["TILEDB_REST_USERNAME"], cfg.Username)
			assert.Equal(t, creds["TILEDB_REST_PASSWORD"], cfg.Password)
			assert.Empty(t, warnings(t, logs), "no warning about the file's mode: it was not opened")
		})
	}
	t.Run("environment basic credentials drop the file's API key", func(t *testing.T) {
		home := emptyHome(t)
		writeLoginFile(t, home, fullLoginFile, 0o600)
		t.Setenv("TILEDB_REST_USERNAME", "env-user")
		t.Setenv("TILEDB_REST_PASSWORD", "env-password")
		cfg := configFromEnv(t)
		assert.Empty(t, cfg.APIKey, "otherwise the file's key would be sent instead of the environment's credentials")
		assert.Equal(t, "env-user", cfg.Username)
		assert.Equal(t, "env-password", cfg.Password)
	})
	t.Run("environment password alone keeps the file's username", func(t *testing.T) {
		home := emptyHome(t)
		writeLoginFile(t, home, `{"username": "file-user", "password": "file-password"}`, 0o600)
		t.Setenv("TILEDB_REST_PASSWORD", "env-password")
		cfg := configFromEnv(t)
		assert.Equal(t, "file-user", cfg.Username)
		assert.Equal(t, "env-password", cfg.Password)
	})
	t.Run("empty variables count as unset", func(t *testing.T) {
		home := emptyHome(t)
		writeLoginFile(t, home, fullLoginFile, 0o600)
		cfg := configFromEnv(t)
		assert.Equal(t, "file-key", cfg.APIKey)
		assert.Equal(t, "https://file.tiledb.test/v1", cfg.BasePath)
	})
}

// recordingServer starts a loopback server answering GET <prefix>/user and
// returns a function listing the requests it got.
func recordingServer(t *testing.T, prefix string, tlsServer bool) (*httptest.Server, func() []*http.Request) {
	t.Helper()
	var mu sync.Mutex
	var got []*http.Request
	mux := http.NewServeMux()
	mux.HandleFunc(prefix+"/user", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Clone(context.Background()))
		mu.Unlock()
		writeJSON(t, w, `{"username":"jane"}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	})
	var srv *httptest.Server
	if tlsServer {
		srv = httptest.NewTLSServer(mux)
	} else {
		srv = httptest.NewServer(mux)
	}
	t.Cleanup(srv.Close)
	return srv, func() []*http.Request {
		mu.Lock()
		defer mu.Unlock()
		return append([]*http.Request(nil), got...)
	}
}

func TestNewConfigurationFromEnvExplicitBeatsEnvironment(t *testing.T) {
	emptyHome(t)
	srv, got := recordingServer(t, "/explicit/v1", false)
	t.Setenv("TILEDB_REST_HOST", "https://env.invalid")
	t.Setenv("TILEDB_REST_TOKEN", "env-key")
	cfg := configFromEnv(t)
	cfg.BasePath = srv.URL + "/explicit/v1"
	cfg.APIKey = "explicit-key"
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}

	_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
	require.NoError(t, err)
	require.Len(t, got(), 1)
	assert.Equal(t, "explicit-key", (got())[0].Header.Get("X-TILEDB-REST-API-KEY"))
}

func TestNewConfigurationFromEnvEndToEnd(t *testing.T) {
	t.Run("environment only", func(t *testing.T) {
		emptyHome(t)
		srv, got := recordingServer(t, "/v1", false)
		t.Setenv("TILEDB_REST_HOST", srv.URL) // a bare host: /v1 is added
		t.Setenv("TILEDB_REST_TOKEN", "e2e-env-key")
		cfg := configFromEnv(t)
		user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "jane", user.Username)
		require.Len(t, got(), 1)
		assert.Equal(t, "e2e-env-key", (got())[0].Header.Get("X-TILEDB-REST-API-KEY"))
		assert.Empty(t, (got())[0].Header.Get("Authorization"))
	})
	t.Run("login file only", func(t *testing.T) {
		home := emptyHome(t)
		srv, got := recordingServer(t, "/v1", false)
		doc, _ := json.Marshal(map[string]any{"host": srv.URL, "username": "fu", "password": "fp", "verify_ssl": true})
		writeLoginFile(t, home, string(doc), 0o600)
		cfg := configFromEnv(t)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		require.Len(t, got(), 1)
		u, p, ok := (got())[0].BasicAuth()
		require.True(t, ok, "basic auth sent")
		assert.Equal(t, "fu", u)
		assert.Equal(t, "fp", p)
	})
	t.Run("TLS verification on by default", func(t *testing.T) {
		emptyHome(t)
		srv, got := recordingServer(t, "/v1", true)
		t.Setenv("TILEDB_REST_HOST", srv.URL)
		t.Setenv("TILEDB_REST_TOKEN", "k")
		cfg := configFromEnv(t)
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr, "the test server's certificate is not trusted")
		assert.Empty(t, got())
	})
	t.Run("TILEDB_REST_IGNORE_SSL_VALIDATION reaches the transport", func(t *testing.T) {
		emptyHome(t)
		logs := captureSlog(t)
		srv, got := recordingServer(t, "/v1", true)
		t.Setenv("TILEDB_REST_HOST", srv.URL)
		t.Setenv("TILEDB_REST_TOKEN", "k")
		t.Setenv("TILEDB_REST_IGNORE_SSL_VALIDATION", "1")
		cfg := configFromEnv(t)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Len(t, got(), 1)
		assert.Len(t, warnings(t, logs), 1)
	})
}

func TestNewConfigurationFromEnvMalformedFile(t *testing.T) {
	const secret = "hunter2-file-secret"
	tests := map[string]string{
		"truncated":               `{"password": "` + secret + `"`,
		"syntax error in value":   `{"password": hunter2-file-secret}`,
		"api_key as a string":     `{"api_key": "` + secret + `"}`,
		"api_key value a number":  `{"api_key": {"X-TILEDB-REST-API-KEY": 4242424242}}`,
		"password a number":       `{"password": 4242424242}`,
		"username an object":      `{"username": {"x": "` + secret + `"}}`,
		"verify_ssl a string":     `{"verify_ssl": "no", "password": "` + secret + `"}`,
		"host a number":           `{"host": 443}`,
		"top level array":         `["` + secret + `"]`,
		"top level string":        `"` + secret + `"`,
		"trailing data":           `{"password": "` + secret + `"} {"x": 1}`,
		"empty file":              ``,
		"not JSON":                `password=` + secret,
		"control char in string":  "{\"password\": \"" + secret + "\x01\"}",
		"host with a bad address": `{"host": "https://user:` + secret + `@[::1"}`,
	}
	for name, content := range tests {
		content := content
		t.Run(name, func(t *testing.T) {
			home := emptyHome(t)
			path := writeLoginFile(t, home, content, 0o600)
			cfg, err := tiledbcloud.NewConfigurationFromEnv()
			require.Error(t, err)
			assert.Nil(t, cfg)
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), path, "the error names the file")
			for _, s := range []string{secret, "4242424242", "hunter2"} {
				assert.NotContains(t, err.Error(), s, "the error never quotes the file")
			}
		})
	}
}

func TestNewConfigurationFromEnvUnreadableFile(t *testing.T) {
	home := emptyHome(t)
	path := filepath.Join(home, ".tiledb", "cloud.json")
	require.NoError(t, os.MkdirAll(path, 0o700)) // a directory where the file should be
	_, err := tiledbcloud.NewConfigurationFromEnv()
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
}

func TestNewConfigurationFromEnvFilePermissions(t *testing.T) {
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{
		{0o600, false},
		{0o400, false},
		{0o700, false},
		{0o640, true},
		{0o604, true},
		{0o644, true},
		{0o666, true},
	} {
		tt := tt
		t.Run(tt.mode.String(), func(t *testing.T) {
			home := emptyHome(t)
			logs := captureSlog(t)
			path := writeLoginFile(t, home, fullLoginFile, tt.mode)
			cfg, err := tiledbcloud.NewConfigurationFromEnv()
			require.NoError(t, err, "a readable file is still used")
			assert.Equal(t, "file-key", cfg.APIKey)
			ws := warnings(t, logs)
			if !tt.warn {
				assert.Empty(t, ws)
				return
			}
			require.Len(t, ws, 1)
			text, _ := json.Marshal(ws[0])
			assert.Contains(t, string(text), path, "the warning names the file")
			assert.Contains(t, string(text), "chmod 600")
			assert.NotContains(t, logs.String(), "file-key")
			assert.NotContains(t, logs.String(), "file-password")
		})
	}
}

func TestNewConfigurationFromEnvInsecureSkipVerify(t *testing.T) {
	t.Run("verify_ssl false", func(t *testing.T) {
		home := emptyHome(t)
		logs := captureSlog(t)
		path := writeLoginFile(t, home, `{"verify_ssl": false}`, 0o600)
		cfg := configFromEnv(t)
		assert.True(t, cfg.InsecureSkipVerify)
		ws := warnings(t, logs)
		require.Len(t, ws, 1)
		msg, _ := ws[0]["msg"].(string)
		assert.Contains(t, msg, "verify_ssl")
		assert.Contains(t, msg, path)
	})
	for _, v := range []string{"true", "TRUE", "1", "yes", "Yes", "on"} {
		v := v
		t.Run("variable "+v, func(t *testing.T) {
			emptyHome(t)
			logs := captureSlog(t)
			t.Setenv("TILEDB_REST_IGNORE_SSL_VALIDATION", v)
			cfg := configFromEnv(t)
			assert.True(t, cfg.InsecureSkipVerify)
			ws := warnings(t, logs)
			require.Len(t, ws, 1)
			msg, _ := ws[0]["msg"].(string)
			assert.Contains(t, msg, "TILEDB_REST_IGNORE_SSL_VALIDATION")
		})
	}
	for _, v := range []string{"false", "0", "no", "off", "FALSE"} {
		v := v
		t.Run("variable "+v, func(t *testing.T) {
			home := emptyHome(t)
			logs := captureSlog(t)
			writeLoginFile(t, home, `{"verify_ssl": true}`, 0o600)
			t.Setenv("TILEDB_REST_IGNORE_SSL_VALIDATION", v)
			cfg := configFromEnv(t)
			assert.False(t, cfg.InsecureSkipVerify)
			assert.Empty(t, warnings(t, logs))
		})
	}
	t.Run("unrecognised value", func(t *testing.T) {
		emptyHome(t)
		t.Setenv("TILEDB_REST_IGNORE_SSL_VALIDATION", "maybe")
		_, err := tiledbcloud.NewConfigurationFromEnv()
		assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.True(t, strings.Contains(err.Error(), "TILEDB_REST_IGNORE_SSL_VALIDATION"))
	})
}
