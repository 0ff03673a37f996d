# A Ruby program reporting with Debian's legacy sentry-raven (store endpoint, base64(zlib) body,
# sentry_version=5): errors A, B, A, each sent synchronously before the next.
require 'raven'

Raven.configure do |config|
  config.dsn = ENV.fetch('E2E_DSN')
  config.release = 'e2e@1.0.0'
  config.current_environment = 'e2e'
  config.async = false
  config.logger = Logger.new($stderr)
  config.project_root = File.dirname(__dir__)
  config.app_dirs_pattern = /clients/
end

def charge_card(order_id)
  raise ArgumentError, "Card declined for order #{order_id}"
end

def load_profile(profiles)
  profiles.fetch(:current)
end

scenarios = { 'a' => -> { charge_card('ord-1') }, 'b' => -> { load_profile({}) } }

%w[a b a].each do |key|
  scenarios.fetch(key).call
rescue StandardError => e
  event = Raven.capture_exception(e)
  abort('capture_exception returned false') unless event
  puts "event_id=#{event.id}"
end
