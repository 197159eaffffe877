// cert-manager's cainjector for the contract test, wired by Betelgeuse from cert-manager's root
// module (github.com/cert-manager/cert-manager), because the Go module proxy does not serve the
// module that holds the release's own main and flags (github.com/cert-manager/cert-manager/
// cmd/cainjector answers 404; docs/components.md). The injectors — their reconcilers, indexes,
// watches and CA sources — are the root module's (pkg/controller/cainjector.RegisterAllInjectors)
// on a controller-runtime manager. Ours is this file: the flags the render passes (any other is
// refused), the user agent the injectors take their field manager from, a cache limited to
// --namespace with Secrets read directly (metadata-only watches, as the injectors ask), Lease
// leader election in --leader-election-namespace, metrics on :9402.
package main

import (
	"flag"
	"fmt"
	"os"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	cmscheme "github.com/cert-manager/cert-manager/pkg/client/clientset/versioned/scheme"
	"github.com/cert-manager/cert-manager/pkg/controller/cainjector"
	"github.com/cert-manager/cert-manager/pkg/util"
)

func main() {
	fs := flag.NewFlagSet("cainjector", flag.ContinueOnError)
	klog.InitFlags(fs)
	var namespace, leaderNS, metricsAddr string
	var leaderElect, crds, apiServices, certificates bool
	fs.StringVar(&namespace, "namespace", "", "")
	fs.StringVar(&leaderNS, "leader-election-namespace", "kube-system", "")
	fs.BoolVar(&leaderElect, "leader-elect", true, "")
	fs.StringVar(&metricsAddr, "metrics-listen-address", "0.0.0.0:9402", "")
	fs.BoolVar(&crds, "enable-customresourcedefinitions-injectable", true, "")
	fs.BoolVar(&apiServices, "enable-apiservices-injectable", true, "")
	fs.BoolVar(&certificates, "enable-certificates-data-source", true, "")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %v\n", fs.Args())
		os.Exit(2)
	}
	ctrl.SetLogger(klog.NewKlogr())
	log := ctrl.Log.WithName("cainjector")

	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, cmscheme.AddToScheme,
		admissionregistrationv1.AddToScheme, apiextensionsv1.AddToScheme, apiregistrationv1.AddToScheme} {
		if err := add(scheme); err != nil {
			log.Error(err, "scheme")
			os.Exit(1)
		}
	}
	cacheOpts := cache.Options{}
	if namespace != "" {
		cacheOpts.DefaultNamespaces = map[string]cache.Config{namespace: {}}
	}
	// The user agent names the component; the injectors take their field manager from it.
	mgr, err := ctrl.NewManager(util.RestConfigWithUserAgent(ctrl.GetConfigOrDie(), "cainjector"), ctrl.Options{
		Scheme:                  scheme,
		Cache:                   cacheOpts,
		Client:                  client.Options{Cache: &client.CacheOptions{DisableFor: []client.Object{&corev1.Secret{}}}},
		LeaderElection:          leaderElect,
		LeaderElectionNamespace: leaderNS,
		LeaderElectionID:        "cert-manager-cainjector-leader-election",
		Metrics:                 metricsserver.Options{BindAddress: metricsAddr},
	})
	if err != nil {
		log.Error(err, "error creating the manager")
		os.Exit(1)
	}
	ctx := ctrl.SetupSignalHandler()
	err = cainjector.RegisterAllInjectors(ctx, mgr, cainjector.SetupOptions{
		Namespace:                    namespace,
		EnableCertificatesDataSource: certificates,
		EnabledReconcilersFor: map[string]bool{
			"mutatingwebhookconfiguration":   true,
			"validatingwebhookconfiguration": true,
			"apiservice":                     apiServices,
			"customresourcedefinition":       crds,
		},
	})
	if err != nil {
		log.Error(err, "error registering the injectors")
		os.Exit(1)
	}
	if err := mgr.Start(ctx); err != nil {
		log.Error(err, "the manager failed")
		os.Exit(1)
	}
}
