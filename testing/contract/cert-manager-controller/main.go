// The cert-manager controller for the contract test, wired by Betelgeuse from the controllers of
// cert-manager's root module (github.com/cert-manager/cert-manager), because the Go module proxy
// does not serve the module that holds the release's own main and flag parsing
// (github.com/cert-manager/cert-manager/cmd/controller answers 404; docs/components.md).
//
// Everything that decides whether a Certificate becomes Ready is the root module's code: the
// controllers registered by the packages imported below, the issuer implementations, the shared
// informers and clients of controller.NewContextFactory, the metrics and healthz servers. What is
// ours is this file: the flags the render passes (parsed as the release parses them; any other flag
// is refused), in-cluster configuration, a Lease leader election in --leader-election-namespace, and
// starting the controllers the release enables by default (all registered ones but the
// experimental CertificateSigningRequest signers; gateway-shim only with --enable-gateway-api).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/klog/v2"

	"github.com/cert-manager/cert-manager/pkg/controller"
	"github.com/cert-manager/cert-manager/pkg/healthz"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	_ "github.com/cert-manager/cert-manager/pkg/controller/acmechallenges"
	_ "github.com/cert-manager/cert-manager/pkg/controller/acmeorders"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificate-shim/gateways"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificate-shim/ingresses"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/acme"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/vault"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/metrics"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/acme"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/vault"
)

// Off unless asked for, as in the release: the CSR signers sit behind an experimental feature gate.
var offByDefault = map[string]bool{
	"certificatesigningrequests-issuer-acme": true, "certificatesigningrequests-issuer-ca": true,
	"certificatesigningrequests-issuer-selfsigned": true, "certificatesigningrequests-issuer-vault": true,
	"certificatesigningrequests-issuer-venafi": true, "listenerset": true,
}

func quantity(s string) resource.Quantity { return resource.MustParse(s) }

func main() {
	fs := flag.NewFlagSet("cert-manager-controller", flag.ContinueOnError)
	klog.InitFlags(fs) // --v and the other klog flags, as the release's logging flags
	var opts controller.ContextOptions
	var leaderNS, metricsAddr, healthzAddr string
	var leaderElect bool
	fs.StringVar(&opts.ClusterResourceNamespace, "cluster-resource-namespace", "kube-system", "")
	fs.StringVar(&leaderNS, "leader-election-namespace", "kube-system", "")
	fs.BoolVar(&leaderElect, "leader-elect", true, "")
	fs.StringVar(&opts.HTTP01SolverImage, "acme-http01-solver-image", "quay.io/jetstack/cert-manager-acmesolver:v1.21.1", "")
	fs.IntVar(&opts.MaxConcurrentChallenges, "max-concurrent-challenges", 60, "")
	fs.BoolVar(&opts.EnableGatewayAPI, "enable-gateway-api", false, "")
	fs.StringVar(&opts.Namespace, "namespace", "", "")
	fs.StringVar(&metricsAddr, "metrics-listen-address", "0.0.0.0:9402", "")
	fs.StringVar(&healthzAddr, "healthz-listen-address", "0.0.0.0:9403", "")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %v\n", fs.Args())
		os.Exit(2)
	}
	// The release's defaults for what the render leaves unset.
	opts.KubernetesAPIQPS, opts.KubernetesAPIBurst = 20, 50
	opts.IssuerAmbientCredentials, opts.ClusterIssuerAmbientCredentials = false, true
	opts.HTTP01SolverResourceRequestCPU, opts.HTTP01SolverResourceRequestMemory = quantity("10m"), quantity("64Mi")
	opts.HTTP01SolverResourceLimitsCPU, opts.HTTP01SolverResourceLimitsMemory = quantity("100m"), quantity("64Mi")
	opts.ACMEHTTP01SolverRunAsNonRoot = true
	opts.DNS01CheckAuthoritative = true
	opts.DNS01CheckRetryPeriod = 10 * time.Second
	opts.DefaultAutoCertificateAnnotations = []string{"kubernetes.io/tls-acme"}
	opts.CopiedAnnotationPrefixes = []string{"*", "-kubectl.kubernetes.io/", "-fluxcd.io/", "-argocd.argoproj.io/"}
	opts.CertificateRequestMinimumBackoffDuration = time.Hour
	opts.CertificateRequestMaximumBackoffDuration = 32 * time.Hour

	logf.InitLogs()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ctx = logf.NewContext(ctx, logf.Log, "controller")
	log := logf.FromContext(ctx)

	factory, err := controller.NewContextFactory(ctx, opts)
	if err != nil {
		log.Error(err, "error building controller context")
		os.Exit(1)
	}
	base, err := factory.Build()
	if err != nil {
		log.Error(err, "error building controller context")
		os.Exit(1)
	}

	metricsLn, err := net.Listen("tcp", metricsAddr)
	if err != nil {
		log.Error(err, "failed to listen on the metrics address")
		os.Exit(1)
	}
	go func() { _ = base.Metrics.NewServer(metricsLn).Serve(metricsLn) }()
	health := healthz.NewServer(20 * time.Second)
	healthLn, err := net.Listen("tcp", healthzAddr)
	if err != nil {
		log.Error(err, "failed to listen on the healthz address")
		os.Exit(1)
	}
	go func() { _ = health.Start(ctx, healthLn) }()

	run := func(ctx context.Context) {
		var wg sync.WaitGroup
		for name, construct := range controller.Known() {
			if offByDefault[name] || (name == "gateway-shim" && !opts.EnableGatewayAPI) ||
				(name == "clusterissuers" && opts.Namespace != "") {
				continue
			}
			c, err := construct(factory)
			if err != nil {
				log.Error(err, "error starting controller", "controller", name)
				os.Exit(1)
			}
			log.Info("starting controller", "controller", name)
			wg.Add(1)
			go func(name string, c controller.Interface) {
				defer wg.Done()
				if err := c.Run(5, ctx); err != nil {
					log.Error(err, "controller failed", "controller", name)
					os.Exit(1)
				}
			}(name, c)
		}
		base.SharedInformerFactory.Start(ctx.Done())
		base.KubeSharedInformerFactory.Start(ctx.Done())
		base.HTTP01ResourceMetadataInformersFactory.Start(ctx.Done())
		if base.GatewaySolverEnabled {
			base.GWShared.Start(ctx.Done())
		}
		wg.Wait()
		os.Exit(0)
	}
	if !leaderElect {
		run(ctx)
		return
	}
	client, err := kubernetes.NewForConfig(base.RESTConfig)
	if err != nil {
		log.Error(err, "error creating the leader election client")
		os.Exit(1)
	}
	host, _ := os.Hostname()
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: leaderNS, Name: "cert-manager-controller"},
		Client:     client.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: host + "-external-cert-manager-controller"},
	}
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock: lock, LeaseDuration: 60 * time.Second, RenewDeadline: 40 * time.Second, RetryPeriod: 15 * time.Second,
		ReleaseOnCancel: true, WatchDog: health.LeaderHealthzAdaptor,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: run,
			OnStoppedLeading: func() { log.Info("leader election lost"); os.Exit(1) },
		},
	})
}
