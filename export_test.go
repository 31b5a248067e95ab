package tiledbcloud

import "time"

// SetSessionClock makes s read the time from now, so that tests can move
// past a token's renewal time without waiting.
func SetSessionClock(s *SessionCredentials, now func() time.Time) { s.now = now }

// SessionWaiters reports how many goroutines are waiting for s's logins.
func SessionWaiters(s *SessionCredentials) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiting
}

// SessionLoginsRunning reports how many logins and renewals of s are in
// progress, abandoned ones included.
func SessionLoginsRunning(s *SessionCredentials) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}
