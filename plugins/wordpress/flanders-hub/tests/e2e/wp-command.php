<?php
/**
 * Commands on the throw-away WordPress of tests/plugins/test_wordpress_plugin.py
 * (the hub's end-to-end test; WP-CLI is not packaged in Debian 12):
 *   php wp-command.php <wordpress dir> install <site url>   installs, activates the plugin
 *   php wp-command.php <wordpress dir> page <title>         page from STDIN, prints its id
 *   php wp-command.php <wordpress dir> option <name>        prints the option as JSON
 *   php wp-command.php <wordpress dir> set-option <name>    option from JSON on STDIN
 *   php wp-command.php <wordpress dir> user-locale <locale> the admin's language ('' = site's)
 *   php wp-command.php <wordpress dir> uninstall            runs the plugin's uninstall
 *
 * @package FlandersHub
 */

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php wp-command.php <wordpress dir> <command> [argument]\n" );
	exit( 2 );
}
list( , $wordpress, $command ) = $argv;
$argument = isset( $argv[3] ) ? $argv[3] : '';

if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}
$_SERVER['HTTP_HOST'] = 'localhost';
require $wordpress . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

switch ( $command ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		wp_install( 'Hub test site', 'admin', 'admin@example.org', false, '', 'hub-test-password' );
		switch_theme( 'hubtest' );
		$result = activate_plugin( 'flanders-hub/flanders-hub.php' );
		if ( is_wp_error( $result ) ) {
			fwrite( STDERR, $result->get_error_message() . "\n" );
			exit( 1 );
		}
		echo wp_json_encode( array( 'active' => is_plugin_active( 'flanders-hub/flanders-hub.php' ) ) ), "\n";
		break;
	case 'page':
		// Unfiltered like an administrator's content, so hostile values reach the
		// plugin; wp_insert_post() expects slashed data.
		kses_remove_filters();
		$id = wp_insert_post(
			wp_slash(
				array(
					'post_type'    => 'page',
					'post_status'  => 'publish',
					'post_title'   => $argument,
					'post_content' => stream_get_contents( STDIN ),
				)
			),
			true
		);
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, $id->get_error_message() . "\n" );
			exit( 1 );
		}
		echo $id, "\n";
		break;
	case 'option':
		echo wp_json_encode( get_option( $argument, null ) ), "\n";
		break;
	case 'set-option':
		update_option( $argument, json_decode( stream_get_contents( STDIN ), true ) );
		break;
	case 'user-locale':
		update_user_meta( 1, 'locale', $argument );
		break;
	case 'uninstall':
		uninstall_plugin( 'flanders-hub/flanders-hub.php' );
		echo wp_json_encode( get_option( 'flanders_hub_settings', null ) ), "\n";
		break;
	default:
		fwrite( STDERR, "unknown command $command\n" );
		exit( 2 );
}
