// cert-manager's webhook for the contract test, from cert-manager's root module
// (github.com/cert-manager/cert-manager), because the Go module proxy does not serve the module that
// holds the release's own main (github.com/cert-manager/cert-manager/cmd/webhook answers 404;
// docs/components.md). Its flags, defaults, logging, server, admission chain and dynamic serving
// CA are the root module's (pkg/webhook/options, internal/webhook); ours is only this main: parse,
// apply logging and feature gates, run until SIGTERM. The wrapper module's path lies under
// github.com/cert-manager/cert-manager/ so that it may import the module's internal packages, as
// the release's own cmd modules do.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/cert-manager/cert-manager/internal/webhook"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
	utilfeature "github.com/cert-manager/cert-manager/pkg/util/feature"
	"github.com/cert-manager/cert-manager/pkg/webhook/options"
)

func main() {
	cfg, err := options.NewWebhookConfiguration()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	flags := options.NewWebhookFlags()
	fs := pflag.NewFlagSet("webhook", pflag.ContinueOnError)
	flags.AddFlags(fs)
	options.AddConfigFlags(fs, cfg)
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if flags.Config != "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "a --config file and positional arguments are not supported by this build")
		os.Exit(2)
	}
	logf.InitLogs()
	if err := logf.ValidateAndApply(&cfg.Logging); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(cfg.FeatureGates); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	log := logf.Log.WithName("webhook")
	ctx = logf.NewContext(ctx, log)
	srv, err := webhook.NewCertManagerWebhookServer(log, *cfg)
	if err != nil {
		log.Error(err, "failed to build the webhook server")
		os.Exit(1)
	}
	if err := srv.Run(ctx); err != nil {
		log.Error(err, "the webhook server failed")
		os.Exit(1)
	}
}
