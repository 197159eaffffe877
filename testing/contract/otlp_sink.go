// The stand-in for Tempo's OTLP/gRPC receiver in the OpenTelemetry Collector's contract test
// (testing/otel_collector_contract_test.cc): it listens where the rendered exporter points (Tempo's
// Service address and OTLP port in the test's pod network), accepts every trace export, and
// writes each request, as OTLP/JSON, as one line to standard output, so the test can read what
// arrived with its attributes. Built by scripts/setup-contract-programs.sh beside the collector, on
// the collector's own pdata and gRPC modules. With `send`, it is instead a client that sends the
// traces of an OTLP/JSON file over OTLP/gRPC (as an instrumented service's SDK would), and says
// whether they were accepted.
//
//	otlp-sink ADDRESS:PORT
//	otlp-sink send ADDRESS:PORT FILE
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	_ "google.golang.org/grpc/encoding/gzip" // the OTLP exporter compresses with gzip by default, as Tempo's receiver accepts
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

func send(address, file string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	traces, err := (&ptrace.JSONUnmarshaler{}).UnmarshalTraces(body)
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	response, err := ptraceotlp.NewGRPCClient(conn).Export(ctx, ptraceotlp.NewExportRequestFromTraces(traces))
	if err != nil {
		return err
	}
	fmt.Printf("accepted %d spans, rejected %d\n", traces.SpanCount(), response.PartialSuccess().RejectedSpans())
	return nil
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "send" {
		if err := send(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "otlp-sink send:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: otlp-sink ADDRESS:PORT | otlp-sink send ADDRESS:PORT FILE")
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
