<?php
/**
 * Deleting the plugin removes its settings (on every site of a multisite).
 *
 * @package FlandersHub
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'flanders_hub_settings' );

if ( is_multisite() ) {
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $flanders_hub_site_id ) {
		switch_to_blog( $flanders_hub_site_id );
		delete_option( 'flanders_hub_settings' );
		restore_current_blog();
	}
}
