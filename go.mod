module github.com/tiledbcloud-go/tiledbcloud

go 1.21
