// The stand-in for Tempo's OTLP/gRPC receiver in the OpenTelemetry Collector's contract test
// (testing/otel_collector_contract_test.cc): it listens where the rendered exporter points (Tempo's
// Service address and OTLP port in the test's pod network), accepts every trace export, and
// writes each request, as OTLP/JSON, as one line to standard output, so the test can read what
// arrived with its attributes. Built by scripts/setup-contract-programs.sh beside the collector, on
// the collector's own pdata and gRPC modules.
//
//	otlp-sink ADDRESS:PORT
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
)

type sink struct {
	ptraceotlp.UnimplementedGRPCServer
	mu sync.Mutex
}

func (s *sink) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	line, err := (&ptrace.JSONMarshaler{}).MarshalTraces(req.Traces())
	if err != nil {
		return ptraceotlp.NewExportResponse(), err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(os.Stdout, "%s\n", line)
	return ptraceotlp.NewExportResponse(), nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: otlp-sink ADDRESS:PORT")
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "otlp-sink:", err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	ptraceotlp.RegisterGRPCServer(server, &sink{})
	fmt.Fprintln(os.Stderr, "otlp-sink: listening on", listener.Addr())
	if err := server.Serve(listener); err != nil {
		fmt.Fprintln(os.Stderr, "otlp-sink:", err)
		os.Exit(1)
	}
}
