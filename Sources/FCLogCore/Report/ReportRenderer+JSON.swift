extension ReportRenderer {
    /// The JSON contract: an array with one object per function.
    public func json(_ functions: [FunctionReport]) -> String {
        JSONValue.array(functions.map(Self.jsonObject)).rendered() + "\n"
    }

    static func jsonObject(_ r: FunctionReport) -> JSONValue {
        func percentiles(_ p: Percentiles?) -> JSONValue {
            let p = p ?? Percentiles(micros: [])
            func ms(_ v: Int64?) -> JSONValue { v.map { .number(Double($0) / 1000) } ?? .null }
            return .object([("count", .integer(Int64(p.count))), ("p50", ms(p.p50)), ("p95", ms(p.p95)), ("p99", ms(p.p99)), ("max", ms(p.max))])
        }
        func errors(_ list: [FunctionReport.ErrorCount]) -> JSONValue {
            .array(list.map { .object([("error", .string($0.error)), ("count", .integer(Int64($0.count)))]) })
        }
        func hook(_ h: FunctionReport.Hook) -> JSONValue {
            .object([("runs", .integer(Int64(h.runs))), ("failures", .integer(Int64(h.failures))),
                     ("pending", .integer(Int64(h.pending))), ("errors", errors(h.errors))])
        }
        func time(_ micros: Int64?) -> JSONValue { micros.map { .string(TimestampParser.iso8601(micros: $0)) } ?? .null }
        let i = r.invocations
        let b = r.billing
        let a = r.coldStartAnatomy
        let e = r.examples
        func ids(_ list: [FunctionReport.Examples.Example]) -> JSONValue { .array(list.map { .string($0.requestID) }) }
        func timed(_ list: [FunctionReport.Examples.Example]) -> JSONValue {
            .array(list.map { .object([("request_id", .string($0.requestID)), ("duration_ms", .number(Double($0.value) / 1000))]) })
        }
        let billing: JSONValue = .object([
            ("billing_step_ms", .integer(b.stepMillis)),
            ("request_billed_ms", .integer(b.requestBilledMillis)),
            ("instance_billed_ms", .integer(b.instanceBilledMillis)),
            ("concurrency_saved_ms", .integer(b.concurrencySavedMillis)),
            ("estimated_ms", .integer(b.estimatedMillis)),
            ("unstated_duration_spans", .integer(Int64(b.unstatedSpans))),
            ("memory_mb", .number(b.memoryMB)),
            ("vcpu", .number(b.vcpu)),
            ("cu", .number(b.computeUnits)),
            ("cost", .object([("amount", .number(b.cost)), ("currency", .string(b.currency))])),
            ("phase_billed_ms", .object(Self.phases.map { ($0.1, .integer(b.phaseBilledMillis[$0.0] ?? 0)) })),
        ])
        return .object([
            ("function", .string(r.function)),
            ("service", r.service.map(JSONValue.string) ?? .null),
            ("first_seen", time(r.firstSeen)),
            ("last_seen", time(r.lastSeen)),
            ("invocations", .object([
                ("total", .integer(Int64(i.total))), ("ok", .integer(Int64(i.ok))), ("error", .integer(Int64(i.error))),
                ("timeout", .integer(Int64(i.timeout))), ("unfinished", .integer(Int64(i.unfinished))),
                ("error_rate", .number(i.errorRate)),
            ])),
            ("top_errors", errors(r.topErrors)),
            ("cold_starts", .integer(Int64(r.coldStarts))),
            ("cold_start_share", .number(r.coldStartShare)),
            ("cold_start_initializer_ms", percentiles(r.coldStartInitializer)),
            ("durations_ms", .object(Self.phases.map { ($0.1, percentiles(r.durations[$0.0])) })),
            ("initializer", .object([
                ("attempts", .integer(Int64(r.initializer.attempts))), ("failures", .integer(Int64(r.initializer.failures))),
                ("instances_with_retries", .integer(Int64(r.initializer.instancesWithRetries))),
                ("instances_failed", .integer(Int64(r.initializer.instancesFailed))),
                ("errors", errors(r.initializer.errors)),
            ])),
            ("prestop", hook(r.prestop)),
            ("prefreeze", hook(r.prefreeze)),
            ("instances", .object([
                ("count", .integer(Int64(r.instances.count))),
                ("lifetime_ms", percentiles(r.instances.lifetimeMillis)),
                ("invocations_per_instance", .object([
                    ("mean", .number(r.instances.invocationsPerInstanceMean)),
                    ("max", .integer(Int64(r.instances.invocationsPerInstanceMax))),
                ])),
                ("peak_concurrent_requests", .integer(Int64(r.instances.peakConcurrentRequests))),
            ])),
            ("billing", billing),
            ("cold_start_anatomy", .object([
                ("cold_starts_with_metrics", .integer(Int64(a.withMetrics))),
                ("schedule_ms", percentiles(a.scheduling)),
                ("prepare_code_ms", percentiles(a.codePreparation)),
                ("runtime_initialization_ms", percentiles(a.runtimeStart)),
                ("initializer_ms", percentiles(a.initializer)),
                ("first_invocation_ms", percentiles(a.firstInvocation)),
                ("cold_start_latency_ms", percentiles(a.total)),
                ("instance_events", .object([
                    ("prepare_code_ms", percentiles(a.eventCodePreparation)),
                    ("pull_image_ms", percentiles(a.eventImagePull)),
                ])),
                ("bill_share", .object([("initializer", .number(a.initializerBillShare)), ("prestop", .number(a.prestopBillShare))])),
            ])),
            ("examples", .object([
                ("timeouts", ids(e.timeouts)),
                ("errors", .array(zip(r.topErrors, e.errors).map { entry, list in
                    .object([("error", .string(entry.error)), ("request_ids", ids(list))])
                })),
                ("initializer_failures", ids(e.initializerFailures)),
                ("prestop_failures", ids(e.prestopFailures)),
                ("slowest_invocations", timed(e.slowestInvocations)),
                ("longest_initializers", timed(e.longestInitializers)),
            ])),
        ])
    }
}
