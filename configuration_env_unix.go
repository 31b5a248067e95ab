//go:build unix

package tiledbcloud

import (
	"os"
	"syscall"
)

// openLoginFileFlags opens the login file without blocking, so that a named
// pipe put in its place after the type check cannot hang the caller.
const openLoginFileFlags = os.O_RDONLY | syscall.O_NONBLOCK
