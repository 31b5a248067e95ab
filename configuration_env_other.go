//go:build !unix

package tiledbcloud

import "os"

// openLoginFileFlags opens the login file. These systems have no
// non-blocking open; the type check before opening keeps named pipes and
// devices out.
const openLoginFileFlags = os.O_RDONLY
