// Command eseal-ferretdb runs FerretDB v1 (SQLite handler) as a MongoDB-wire server for local
// development and tests. It embeds the upstream `ferretdb` package instead of `go install`ing
// cmd/ferretdb: that command panics at start when its generated build/version/version.txt is
// missing, which is always the case for a module fetched from the proxy.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const upstreamModule = "github.com/FerretDB/FerretDB"

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	sqliteDir := flag.String("sqlite-dir", "", "directory holding one SQLite file per database (required)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	showVersion := flag.Bool("version", false, "print the embedded FerretDB version and exit")
	stopWhenOrphaned := flag.Bool("stop-when-orphaned", false, "exit when the process that started this one dies")
	flag.Parse()

	if *showVersion {
		fmt.Println(upstreamVersion())
		return
	}
	if err := run(*listenAddr, *sqliteDir, *logLevel, *stopWhenOrphaned); err != nil {
		// One line on stderr: the Node launcher shows it as the reason the service did not start.
		fmt.Fprintf(os.Stderr, "eseal-ferretdb: %v\n", err)
		os.Exit(1)
	}
}

func run(listenAddr, sqliteDir, logLevel string, stopWhenOrphaned bool) error {
	if sqliteDir == "" {
		return fmt.Errorf("--sqlite-dir is required")
	}
	absDir, err := filepath.Abs(sqliteDir)
	if err != nil {
		return fmt.Errorf("bad --sqlite-dir %q: %w", sqliteDir, err)
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		return fmt.Errorf("cannot create SQLite directory %s: %w", absDir, err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad --log-level %q", logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	server, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:   logger,
		Handler:  "sqlite",
		// FerretDB wants a directory URI that ends with a slash.
		SQLiteURL: "file:" + absDir + "/",
	})
	if err != nil {
		return err
	}

	// SIGINT/SIGTERM cancel the context; Run then closes the listener, connections and SQLite files,
	// so a stop never leaves a half-written database behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if stopWhenOrphaned {
		ctx = cancelWhenOrphaned(ctx, logger)
	}

	logger.Info("eseal-ferretdb listening", "addr", listenAddr, "sqlite", absDir, "ferretdb", upstreamVersion())
	return server.Run(ctx)
}

// cancelWhenOrphaned cancels ctx once the parent process is gone. The launcher starts this
// server in its own process group (so a terminal's Ctrl-C reaches only the launcher, which drains
// its workers first); without this, a launcher killed with SIGKILL would leave the server running.
func cancelWhenOrphaned(parent context.Context, logger *slog.Logger) context.Context {
	ctx, cancel := context.WithCancel(parent)
	originalParent := os.Getppid()
	go func() {
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if os.Getppid() != originalParent {
					logger.Warn("parent process is gone, stopping")
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}

// upstreamVersion reads the FerretDB module version from the build info, because the embedded
// package deliberately reports "unknown" for its own version.
func upstreamVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == upstreamModule {
			return dep.Version
		}
	}
	return "unknown"
}
