package tiledbcloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The environment variables NewConfigurationFromEnv reads, as the TileDB
// tools name them.
const (
	envHost                = "TILEDB_REST_HOST"
	envToken               = "TILEDB_REST_TOKEN"
	envUsername            = "TILEDB_REST_USERNAME"
	envPassword            = "TILEDB_REST_PASSWORD"
	envIgnoreSSLValidation = "TILEDB_REST_IGNORE_SSL_VALIDATION"
)

// maxLoginFileSize bounds how much of the login file is read; the TileDB
// tools write a few hundred bytes.
const maxLoginFileSize = 1 << 20

// loginFile is the content of ~/.tiledb/cloud.json as the TileDB Python
// client writes it. JSON nulls, which it writes for unset values, leave the
// fields nil.
type loginFile struct {
	Host      *string            `json:"host"`
	APIKey    map[string]*string `json:"api_key"`
	Username  *string            `json:"username"`
	Password  *string            `json:"password"`
	VerifySSL *bool              `json:"verify_ssl"`
}

// loginSettings are the settings one source (the file or the environment) provides.
type loginSettings struct {
	host, apiKey, username, password string
	// skipVerify is nil when the source does not say.
	skipVerify *bool
}

// NewConfigurationFromEnv returns a Configuration for the account the TileDB
// tools are logged in to, so that a user who ran tiledb.cloud.login() (or
// set the TileDB environment variables) needs nothing else.
//
// Settings are taken in this order, each overriding the ones before it:
//
//  1. The defaults of NewConfiguration.
//  2. The login file the TileDB Python client writes, ~/.tiledb/cloud.json
//     (keys "host", "api_key" as {"X-TILEDB-REST-API-KEY": "..."},
//     "username", "password" and "verify_ssl"; other keys are ignored). A
//     missing file is not an error; anything but a regular file (or a
//     symbolic link to one), such as a directory or a named pipe, is one,
//     returned without waiting on it. The file is not read at all when the
//     environment gives credentials, TILEDB_REST_TOKEN or both
//     TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD: then its host and
//     verify_ssl are not used either, as in the TileDB Python client.
//  3. The environment variables TILEDB_REST_HOST, TILEDB_REST_TOKEN (an API
//     key), TILEDB_REST_USERNAME, TILEDB_REST_PASSWORD and
//     TILEDB_REST_IGNORE_SSL_VALIDATION (true, 1, yes or on; false, 0, no or
//     off). An empty variable counts as unset. TILEDB_REST_USERNAME or
//     TILEDB_REST_PASSWORD without TILEDB_REST_TOKEN also drops an API key
//     from the file, so that the environment's credentials are the ones used.
//  4. Explicit settings: fields the caller sets on the returned
//     Configuration. Since an APIKey is sent in preference to Username and
//     Password, clear APIKey to use basic authentication instead of a key
//     that was loaded.
//
// A host without a scheme gets "https://", and a host without a path, such
// as "https://api.tiledb.com", gets "/v1"; trailing slashes are removed.
//
// The function returns an error, naming the file but never its contents,
// when the file cannot be read or is not valid JSON of the expected types; it
// also returns one, naming the variable or the file, for a
// TILEDB_REST_IGNORE_SSL_VALIDATION value that is not a boolean and for a
// malformed host: not an http or https URL, without a host name, with a
// user name or password, a query or a fragment, or a port outside 1 to
// 65535. These errors come with a nil Configuration; errors other than a
// failure to read the file match ErrInvalidArgument.
//
// When neither the file nor the variables hold an API key, a username or a
// password, it returns the Configuration and an error matching
// ErrNoCredentials. A program that only makes calls needing no
// authentication (CreateUser) may ignore that error; any
// other program should report it, since its calls would fail with 401.
//
// It logs a warning with slog.Default when the file is readable by users
// other than its owner, and when TLS verification is turned off by
// "verify_ssl": false or TILEDB_REST_IGNORE_SSL_VALIDATION.
func NewConfigurationFromEnv() (*Configuration, error) {
	cfg := NewConfiguration()

	env, err := envSettings()
	if err != nil {
		return nil, err
	}
	var file loginSettings
	var path string
	if home, err := os.UserHomeDir(); err == nil && !env.hasCredentials() {
		path = filepath.Join(home, ".tiledb", "cloud.json")
		var found bool
		if file, found, err = readLoginFile(path); err != nil {
			return nil, err
		} else if !found {
			path = ""
		}
	}

	hostSource := envHost
	host := env.host
	if host == "" {
		host, hostSource = file.host, "the login file "+path
	}
	if host != "" {
		if cfg.BasePath, err = normalizeHost(host); err != nil {
			return nil, invalidArgument("", "the host in "+hostSource+" "+err.Error())
		}
	}

	cfg.APIKey, cfg.Username, cfg.Password = file.apiKey, file.username, file.password
	if env.apiKey != "" {
		cfg.APIKey = env.apiKey
	} else if env.username != "" || env.password != "" {
		cfg.APIKey = ""
	}
	if env.username != "" {
		cfg.Username = env.username
	}
	if env.password != "" {
		cfg.Password = env.password
	}

	if cfg.APIKey == "" && cfg.Username == "" && cfg.Password == "" {
		err = noCredentials(path)
	}
	switch {
	case env.skipVerify != nil:
		cfg.InsecureSkipVerify = *env.skipVerify
		if cfg.InsecureSkipVerify {
			warnInsecure(envIgnoreSSLValidation + " is set")
		}
	case file.skipVerify != nil:
		cfg.InsecureSkipVerify = *file.skipVerify
		if cfg.InsecureSkipVerify {
			warnInsecure(`"verify_ssl": false in ` + path)
		}
	}
	return cfg, err
}

// noCredentials explains where NewConfigurationFromEnv looked for
// credentials; path is the login file read, or "" when there was none.
func noCredentials(path string) error {
	where := "no login file ~/.tiledb/cloud.json"
	if path != "" {
		where = "none in the login file " + path
	}
	return fmt.Errorf("%w: %s, and %s, %s and %s are unset; calls that need authentication will get 401",
		ErrNoCredentials, where, envToken, envUsername, envPassword)
}

func warnInsecure(why string) {
	slog.Default().Warn("tiledbcloud: TLS certificate verification is turned off because " + why +
		"; connections can be intercepted")
}

// envSettings reads the TileDB environment variables.
func envSettings() (loginSettings, error) {
	s := loginSettings{
		host:     strings.TrimSpace(os.Getenv(envHost)),
		apiKey:   strings.TrimSpace(os.Getenv(envToken)),
		username: os.Getenv(envUsername),
		password: os.Getenv(envPassword),
	}
	if v := strings.TrimSpace(os.Getenv(envIgnoreSSLValidation)); v != "" {
		var skip bool
		switch strings.ToLower(v) {
		case "true", "1", "yes", "on":
			skip = true
		case "false", "0", "no", "off":
		default:
			return s, invalidArgument("", envIgnoreSSLValidation+" must be true or false")
		}
		s.skipVerify = &skip
	}
	return s, nil
}

// hasCredentials reports whether s alone can authenticate: an API key, or
// both a username and a password.
func (s loginSettings) hasCredentials() bool {
	return s.apiKey != "" || (s.username != "" && s.password != "")
}

// readLoginFile reads the login file at path; found is false when it does not exist.
func readLoginFile(path string) (s loginSettings, found bool, err error) {
	// Opening a named pipe for reading blocks until a writer comes, and a
	// device may never answer: check the type before opening, and open
	// without blocking (openLoginFileFlags) in case the file is replaced
	// in between.
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("tiledbcloud: reading the login file: %w", err)
	}
	if err := checkRegular(path, info); err != nil {
		return s, false, err
	}
	f, err := os.OpenFile(path, openLoginFileFlags, 0)
	if err != nil {
		return s, false, fmt.Errorf("tiledbcloud: reading the login file: %w", err)
	}
	defer f.Close()

	// Stat the open file rather than the path so that the mode checked is
	// the mode of the file read.
	if info, err = f.Stat(); err != nil {
		return s, false, fmt.Errorf("tiledbcloud: reading the login file: %w", err)
	}
	if err := checkRegular(path, info); err != nil {
		return s, false, err
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o044 != 0 {
		slog.Default().Warn("tiledbcloud: the login file is readable by other users; run chmod 600 on it",
			"path", path, "mode", info.Mode().Perm().String())
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLoginFileSize+1))
	if err != nil {
		return s, false, fmt.Errorf("tiledbcloud: reading the login file %s: %w", path, err)
	}
	if len(data) > maxLoginFileSize {
		return s, false, invalidArgument("", "the login file "+path+" is larger than 1 MiB")
	}

	var lf loginFile
	if err := json.Unmarshal(data, &lf); err != nil {
		return s, false, invalidArgument("", "the login file "+path+" "+describeJSONError(err))
	}
	if lf.Host != nil {
		s.host = strings.TrimSpace(*lf.Host)
	}
	for k, v := range lf.APIKey {
		if strings.EqualFold(k, apiKeyHeader) && v != nil {
			s.apiKey = strings.TrimSpace(*v)
		}
	}
	if lf.Username != nil {
		s.username = *lf.Username
	}
	if lf.Password != nil {
		s.password = *lf.Password
	}
	if lf.VerifySSL != nil {
		skip := !*lf.VerifySSL
		s.skipVerify = &skip
	}
	return s, true, nil
}

// checkRegular returns an error unless info, the login file's, is a regular
// file: a directory, a named pipe or a device is not a login file.
func checkRegular(path string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return invalidArgument("", "the login file "+path+" is not a regular file")
	}
	return nil
}

// describeJSONError explains why the login file does not decode without
// quoting it: encoding/json's messages can include a character or a number
// from the input, which may be part of a secret.
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("is not valid JSON (error at byte %d)", syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return "is not a JSON object"
	case errors.As(err, &typ):
		return fmt.Sprintf("has a value of the wrong type at %q (want %s)", typ.Field, jsonTypeName(typ.Type.String()))
	}
	return "is not valid JSON"
}

func jsonTypeName(goType string) string {
	switch strings.TrimPrefix(goType, "*") {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	}
	return "an object of strings"
}

// normalizeHost turns a host as the TileDB tools store it into a BasePath:
// "api.tiledb.com" and "https://api.tiledb.com/" become
// "https://api.tiledb.com/v1"; a host with a path keeps it.
func normalizeHost(host string) (string, error) {
	if !strings.Contains(host, "://") {
		host = "https://" + host
	}
	u, err := parseBaseURL(host)
	if err != nil {
		return "", err
	}
	host = strings.TrimRight(host, "/")
	if strings.Trim(u.Path, "/") == "" {
		host += "/v1"
	}
	return host, nil
}
