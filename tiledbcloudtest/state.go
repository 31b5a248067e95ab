package tiledbcloudtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Lifetimes of the tokens the server issues.
const (
	// DefaultTokenLifetime is how long a RequestToken token lives when the
	// request sets no expiry, as the spec says.
	DefaultTokenLifetime = 30 * time.Minute
	// SessionLifetime is how long a GetSession token lives.
	SessionLifetime = 8 * time.Hour
	// RememberMeSessionLifetime is how long a GetSession token lives with
	// remember_me=true, as the spec says.
	RememberMeSessionLifetime = 30 * 24 * time.Hour
)

// SeedTokenName is the name TokensGet lists a seeded user's API key under.
const SeedTokenName = "seed"

// seedTokenLifetime stands for "until revoked": the Token model needs an expiry.
const seedTokenLifetime = 100 * 365 * 24 * time.Hour

const (
	defaultTokenName   = "api-token"
	defaultSessionName = "session"
	minPasswordLength  = 8
	maxUsernameLength  = 63
	maxNameLength      = 255
	maxNameSuffix      = 1000
)

var usernamePattern = regexp.MustCompile(`^[\w.\-]+$`)

// The errors of adding past the server's bounds, which handlers answer
// with 507 Insufficient Storage.
var (
	errTooManyUsers       = fmt.Errorf("the server holds at most %d users", MaxUsers)
	errTooManyTokens      = fmt.Errorf("the server holds at most %d tokens", MaxTokens)
	errTooManyCredentials = fmt.Errorf("the server holds at most %d AWS access credentials", MaxCredentials)
)

// user is an account. Its profile lives in a userDoc whose pointer fields
// are replaced, never written through, so that a response built from it
// under the lock stays valid after the lock is released.
type user struct {
	id         string
	profile    userDoc // Username and the writable profile fields
	password   string
	admin      bool
	emailValid bool
	seedKey    string // the API key given by WithUser/WithAdmin
}

type member struct {
	role    organizationRoles
	actions []namespaceActions
}

type organization struct {
	id      string
	name    string
	members map[string]*member // by user id
}

type token struct {
	value   string
	name    string
	userID  string
	scopes  []tokenScope
	issued  time.Time
	expires time.Time
	session bool
	seq     uint64
}

// state is everything the server knows. Server.mu guards it.
type state struct {
	now      func() time.Time
	users    map[string]*user                               // by id
	byName   map[string]*user                               // by username
	orgs     map[string]*organization                       // by name
	tokens   map[string]*token                              // by value
	creds    map[string]map[string]*awsAccessCredentialsDoc // by namespace id, then name
	tokenSeq uint64
}

func newState(now func() time.Time) *state {
	return &state{
		now:    now,
		users:  make(map[string]*user),
		byName: make(map[string]*user),
		orgs:   make(map[string]*organization),
		tokens: make(map[string]*token),
		creds:  make(map[string]map[string]*awsAccessCredentialsDoc),
	}
}

// clock returns the current time in UTC without a monotonic reading, so that
// times round-trip through JSON unchanged.
func (st *state) clock() time.Time { return st.now().UTC() }

// seed applies the options' seeds: users first, then organizations, then
// credentials, so that the order of the options does not matter.
func (st *state) seed(cfg *settings) error {
	for _, u := range cfg.users {
		if err := st.seedUser(u); err != nil {
			return fmt.Errorf("tiledbcloudtest: seeding user %q: %w", u.Username, err)
		}
	}
	for _, o := range cfg.orgs {
		if err := st.seedOrganization(o); err != nil {
			return fmt.Errorf("tiledbcloudtest: seeding organization %q: %w", o.Name, err)
		}
	}
	for _, c := range cfg.creds {
		if err := st.seedCredentials(c); err != nil {
			return fmt.Errorf("tiledbcloudtest: seeding AWS credentials %q in %q: %w", c.creds.Name, c.namespace, err)
		}
	}
	return nil
}

func (st *state) seedUser(seed userSeed) error {
	if err := validUsername(seed.Username); err != nil {
		return err
	}
	if seed.Password != "" {
		if err := validPassword(seed.Password); err != nil {
			return err
		}
	}
	if st.nameTaken(seed.Username) {
		return errors.New("the name is already taken")
	}
	if seed.APIKey != "" {
		if _, ok := st.tokens[seed.APIKey]; ok {
			return errors.New("the API key is already used by another user")
		}
		if strings.ContainsAny(seed.APIKey, "\x00\r\n") {
			return errors.New("the API key contains a control character")
		}
	}
	u, err := st.addUser(userDoc{Username: seed.Username}, seed.Password)
	if err != nil {
		return err
	}
	u.admin = seed.admin
	if seed.Name != "" {
		u.profile.Name = ptr(seed.Name)
	}
	if seed.Email != "" {
		u.profile.Email = ptr(seed.Email)
		u.emailValid = seed.EmailConfirmed
	}
	key := seed.APIKey
	if key == "" && seed.Password == "" {
		// Without a key or a password the user could not authenticate.
		if key, err = randomToken(); err != nil {
			return err
		}
	}
	if key == "" {
		return nil
	}
	now := st.clock()
	st.addToken(u, key, SeedTokenName, []tokenScope{tokenScopeAll}, now, now.Add(seedTokenLifetime), false)
	u.seedKey = key
	return nil
}

func (st *state) seedOrganization(seed OrganizationSeed) error {
	if err := validUsername(seed.Name); err != nil {
		return err
	}
	if st.nameTaken(seed.Name) {
		return errors.New("the name is already taken")
	}
	id, err := newID()
	if err != nil {
		return err
	}
	o := &organization{id: id, name: seed.Name, members: make(map[string]*member)}
	if seed.Owner != "" {
		u := st.byName[seed.Owner]
		if u == nil {
			return fmt.Errorf("the owner %q is not a seeded user", seed.Owner)
		}
		o.members[u.id] = &member{role: organizationRolesOwner, actions: defaultActions(organizationRolesOwner)}
	}
	for name, sdkRole := range seed.Members {
		role := organizationRoles(sdkRole)
		u := st.byName[name]
		if u == nil {
			return fmt.Errorf("the member %q is not a seeded user", name)
		}
		if !role.isValid() {
			return fmt.Errorf("the member %q has the unknown role %q", name, role)
		}
		if _, dup := o.members[u.id]; dup {
			return fmt.Errorf("%q is both the owner and a member", name)
		}
		o.members[u.id] = &member{role: role, actions: defaultActions(role)}
	}
	st.orgs[o.name] = o
	return nil
}

func (st *state) seedCredentials(seed credentialSeed) error {
	ns, ok := st.namespace(seed.namespace)
	if !ok {
		return errors.New("the namespace is not a seeded user or organization")
	}
	c := seed.creds.doc()
	if msg := validNewCredentials(&c); msg != "" {
		return errors.New(msg)
	}
	if st.creds[ns.id][deref(c.Name)] != nil {
		return errors.New("the namespace already has credentials of that name")
	}
	st.addCredentials(ns.id, c)
	return nil
}

// nameTaken reports whether a user or an organization has name.
func (st *state) nameTaken(name string) bool {
	return st.byName[name] != nil || st.orgs[name] != nil
}

// addUser stores a new user with the writable profile fields of p.
func (st *state) addUser(p userDoc, password string) (*user, error) {
	if len(st.users) >= MaxUsers {
		return nil, errTooManyUsers
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	u := &user{id: id, password: password}
	u.profile = userDoc{
		Username:                     p.Username,
		Name:                         p.Name,
		Email:                        p.Email,
		Company:                      p.Company,
		Logo:                         p.Logo,
		Timezone:                     p.Timezone,
		AllowedActions:               p.AllowedActions,
		DefaultS3Path:                p.DefaultS3Path,
		DefaultS3PathCredentialsName: p.DefaultS3PathCredentialsName,
		DefaultNamespaceCharged:      p.DefaultNamespaceCharged,
		DefaultRegion:                p.DefaultRegion,
	}
	locations, err := mergeAssetLocations(nil, p.AssetLocations)
	if err != nil {
		return nil, err
	}
	u.profile.AssetLocations = locations
	if u.profile.AllowedActions == nil {
		u.profile.AllowedActions = userNamespaceActions()
	}
	st.users[id] = u
	st.byName[u.profile.Username] = u
	return u, nil
}

// lookupUser finds a user by username or, failing that, by id, as the
// /users/{username} endpoints do.
func (st *state) lookupUser(nameOrID string) *user {
	if u := st.byName[nameOrID]; u != nil {
		return u
	}
	return st.users[nameOrID]
}

// deleteUser removes u with their memberships and namespace credentials.
// Their tokens stay in the index, unusable, so that a token of a deleted
// user gets ResetUserPassword's documented 404 rather than a 401.
func (st *state) deleteUser(u *user) {
	delete(st.users, u.id)
	delete(st.byName, u.profile.Username)
	delete(st.creds, u.id)
	for _, o := range st.orgs {
		delete(o.members, u.id)
	}
}

// namespace is a user or an organization, the owner of AWS credentials.
type namespace struct {
	id   string
	user *user
	org  *organization
}

func (st *state) namespace(name string) (namespace, bool) {
	if u := st.byName[name]; u != nil {
		return namespace{id: u.id, user: u}, true
	}
	if o := st.orgs[name]; o != nil {
		return namespace{id: o.id, org: o}, true
	}
	return namespace{}, false
}

// liveToken returns the token with value v if it exists and has not expired.
func (st *state) liveToken(v string) *token {
	t := st.tokens[v]
	if t == nil || !st.clock().Before(t.expires) {
		return nil
	}
	return t
}

// userTokens returns u's live tokens, oldest first, dropping expired ones
// from the index as it goes.
func (st *state) userTokens(u *user) []*token {
	now := st.clock()
	var out []*token
	for v, t := range st.tokens {
		if t.userID != u.id {
			continue
		}
		if !now.Before(t.expires) {
			delete(st.tokens, v)
			continue
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// addToken stores a token of u with value v. name is made unique among u's
// live tokens by appending -1, -2, ... as the spec describes.
func (st *state) addToken(u *user, v, name string, scopes []tokenScope, issued, expires time.Time, session bool) *token {
	// Only name and name-N can be taken; a scan, not userTokens, which
	// sorts every token of u, so that issuing stays cheap near MaxTokens.
	taken := make(map[string]bool)
	now := st.clock()
	for _, t := range st.tokens {
		if t.userID == u.id && now.Before(t.expires) && strings.HasPrefix(t.name, name) {
			taken[t.name] = true
		}
	}
	unique := name
	for i := 1; taken[unique] && i <= maxNameSuffix; i++ {
		unique = name + "-" + strconv.Itoa(i)
	}
	st.tokenSeq++
	t := &token{value: v, name: unique, userID: u.id, scopes: scopes, issued: issued, expires: expires, session: session, seq: st.tokenSeq}
	st.tokens[v] = t
	return t
}

// issueToken is addToken with a fresh random value, within MaxTokens.
func (st *state) issueToken(u *user, name string, scopes []tokenScope, issued, expires time.Time, session bool) (*token, error) {
	if len(st.tokens) >= MaxTokens && st.dropExpiredTokens() == 0 {
		return nil, errTooManyTokens
	}
	v, err := randomToken()
	if err != nil {
		return nil, err
	}
	return st.addToken(u, v, name, scopes, issued, expires, session), nil
}

// dropExpiredTokens removes the expired tokens of every user from the
// index and returns how many it removed.
func (st *state) dropExpiredTokens() int {
	now, n := st.clock(), 0
	for v, t := range st.tokens {
		if !now.Before(t.expires) {
			delete(st.tokens, v)
			n++
		}
	}
	return n
}

// credentialCount returns how many AWS access credentials the server holds.
func (st *state) credentialCount() int {
	n := 0
	for _, m := range st.creds {
		n += len(m)
	}
	return n
}

// addCredentials stores c (already validated) in the namespace with id nsID.
func (st *state) addCredentials(nsID string, c awsAccessCredentialsDoc) *awsAccessCredentialsDoc {
	now := st.clock()
	stored := awsAccessCredentialsDoc{
		SecretAccessKey: c.SecretAccessKey,
		AccessKeyID:     c.AccessKeyID,
		ServiceRoleARN:  c.ServiceRoleARN,
		Name:            c.Name,
		Default:         ptr(deref(c.Default)),
		Buckets:         append([]string(nil), c.Buckets...),
		CreatedAt:       &now,
		UpdatedAt:       &now,
	}
	m := st.creds[nsID]
	if m == nil {
		m = make(map[string]*awsAccessCredentialsDoc)
		st.creds[nsID] = m
	}
	if deref(stored.Default) {
		clearDefault(m)
	}
	m[deref(stored.Name)] = &stored
	return &stored
}

// clearDefault unsets the default flag of every credential in m, keeping
// at most one default per namespace.
func clearDefault(m map[string]*awsAccessCredentialsDoc) {
	for _, c := range m {
		if deref(c.Default) {
			c.Default = ptr(false)
		}
	}
}

// validNewCredentials returns why c cannot be stored, or "".
func validNewCredentials(c *awsAccessCredentialsDoc) string {
	if msg := validCredentialName(deref(c.Name)); msg != "" {
		return msg
	}
	hasKeys := deref(c.AccessKeyID) != "" && deref(c.SecretAccessKey) != ""
	if !hasKeys && deref(c.ServiceRoleARN) == "" {
		return "access_key_id and secret_access_key, or service_role_arn, are required"
	}
	return ""
}

func validCredentialName(name string) string {
	switch {
	case name == "":
		return "name is required"
	case name == "." || name == "..":
		return `name must not be "." or ".."`
	case utf8.RuneCountInString(name) > maxNameLength:
		return "name is longer than 255 characters"
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n"):
		return "name contains an invalid character"
	}
	return ""
}

func validUsername(name string) error {
	switch {
	case name == "":
		return errors.New("username is required")
	case len(name) > maxUsernameLength:
		return errors.New("username is longer than 63 characters")
	case !usernamePattern.MatchString(name):
		return errors.New("username may contain only letters, digits, '_', '.' and '-'")
	}
	return nil
}

func validPassword(p string) error {
	if utf8.RuneCountInString(p) < minPasswordLength {
		return errors.New("password must be at least 8 characters")
	}
	return nil
}

// defaultActions are the actions a role grants when none are given:
// everything for owners; all but deleting the organization for admins;
// reading, writing and deleting arrays and running jobs, without
// administering the organization, for read_write_delete; the same without
// deleting for read_write; reading and its logs for read_only.
func defaultActions(role organizationRoles) []namespaceActions {
	var out []namespaceActions
	for _, a := range namespaceActionsValues {
		orgAdmin := a == namespaceActionsDeleteOrganization || a == namespaceActionsEditOrganization ||
			a == namespaceActionsEditBilling
		var ok bool
		switch role {
		case organizationRolesOwner:
			ok = true
		case organizationRolesAdmin:
			ok = a != namespaceActionsDeleteOrganization
		case organizationRolesReadWriteDelete:
			ok = !orgAdmin
		case organizationRolesReadWrite:
			ok = !orgAdmin && a != namespaceActionsDelete
		case organizationRolesReadOnly:
			ok = a == namespaceActionsRead || a == namespaceActionsReadArrayLogs ||
				a == namespaceActionsReadJobLogs || a == namespaceActionsReadObjectLogs
		}
		if ok {
			out = append(out, a)
		}
	}
	return out
}

// userNamespaceActions are the actions a user has on their own namespace.
func userNamespaceActions() []namespaceActions {
	var out []namespaceActions
	for _, a := range namespaceActionsValues {
		if a != namespaceActionsDeleteOrganization && a != namespaceActionsEditOrganization {
			out = append(out, a)
		}
	}
	return out
}

// mergeAssetLocations returns stored with the locations of update applied,
// as an update of today's service does: a kind or a field that update
// leaves out (or sends as null) keeps its value, "" clears a field, and
// anything else replaces it. A kind with no field left is dropped, and so
// are the locations when no kind is left. It works on the JSON form, so that
// a kind or a field the API document adds needs no change here, and it
// returns a new value, so that views built from stored stay valid.
func mergeAssetLocations(stored, update *assetLocationsDoc) (*assetLocationsDoc, error) {
	if update == nil {
		return stored, nil
	}
	cur := map[string]map[string]string{}
	if stored != nil {
		if err := remarshal(stored, &cur); err != nil {
			return nil, err
		}
	}
	var changes map[string]map[string]*string
	if err := remarshal(update, &changes); err != nil {
		return nil, err
	}
	for kind, fields := range changes {
		loc := cur[kind]
		if loc == nil {
			loc = map[string]string{}
		}
		for k, v := range fields {
			switch {
			case v == nil:
			case *v == "":
				delete(loc, k)
			default:
				loc[k] = *v
			}
		}
		if len(loc) == 0 {
			delete(cur, kind)
		} else {
			cur[kind] = loc
		}
	}
	if len(cur) == 0 {
		return nil, nil
	}
	var out assetLocationsDoc
	if err := remarshal(cur, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// remarshal converts from into to through their encoding/json form.
func remarshal(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// randomToken returns a new unguessable API token value.
func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// newID returns a random version 4 UUID.
func newID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}
