/**
 * seedgrid's HTTP service: {@link io.seedgrid.service.SeedgridServices#start} serves a store's strategies, signals
 * and evolution runs over Javalin, with health, Prometheus metrics and bearer-token writes (see
 * {@link io.seedgrid.service.SeedgridService} for the endpoints). {@link io.seedgrid.service.ApiJson} holds the JSON
 * shapes the command line prints too.
 */
package io.seedgrid.service;
